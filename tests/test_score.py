import pytest

from analyzer.results import DocumentResult
from analyzer.rubrics import load_rubric
from analyzer.score import assign_priorities, grade_for, reasons, score_parts, total
from analyzer.errors import DataFileError

FULL = {"hoc_tap": 1, "hoc_tap_concrete": 1, "lam_theo": 1, "lam_theo_concrete": 1, "neu_guong": 1,
        "neu_guong_concrete": 1, "resolution_target": 1, "shortcoming": 1, "exemplar": 1, "roadmap": 1}


def test_complete_concrete_document_scores_100():
    parts = score_parts(FULL, n_actions=20, n_slogans=0, rubric=load_rubric("2024"))
    assert total(parts) == 100 and grade_for(total(parts), load_rubric("2024")) == 5
    assert reasons(parts) == []


def test_slogans_only_scores_low_with_reasons():
    flags = {k: 0 for k in FULL} | {"hoc_tap": 1, "lam_theo": 1, "neu_guong": 1}
    parts = score_parts(flags, n_actions=0, n_slogans=12, rubric=load_rubric("2024"))
    assert grade_for(total(parts), load_rubric("2024")) == 1
    text = reasons(parts)
    assert "0 hành động đo đếm được" in text and "100% câu chung chung" in text
    assert "Không nêu cá nhân điển hình" in text


def test_each_part_moves_the_score():
    base = total(score_parts(FULL, n_actions=20, n_slogans=0, rubric=load_rubric("2024")))
    for key in ("resolution_target", "shortcoming", "exemplar", "roadmap", "neu_guong_concrete"):
        assert total(score_parts(FULL | {key: 0}, n_actions=20, n_slogans=0, rubric=load_rubric("2024"))) < base


def test_a_note_of_one_sentence_ranks_below_a_complete_plan_and_says_what_it_lacks():
    """One concrete sentence is 0% slogans, but too little to earn the whole part; missing pillars lead the reasons."""
    rubric = load_rubric("2024")
    note = {k: 0 for k in FULL} | {"lam_theo": 1, "lam_theo_concrete": 1}
    note_parts = score_parts(note, n_actions=1, n_slogans=0, rubric=rubric)
    plan = score_parts(FULL | {"resolution_target": 0, "shortcoming": 0}, n_actions=4, n_slogans=4, rubric=rubric)
    assert total(note_parts) < total(plan)
    assert reasons(note_parts)[:2] == ["Thiếu nội dung Học tập Bác", "Thiếu nội dung Nêu gương"]
    assert any("quá ít để đánh giá" in r for r in reasons(note_parts))


def test_missing_pillar_caps_grade():
    assert grade_for(95, load_rubric("2024"), missing_pillars=1) == 3


def test_priorities_put_failures_and_weakest_first():
    results = [DocumentResult("a", score=80.0), DocumentResult("b", score=20.0), DocumentResult("c", status="error")]
    assert assign_priorities(results) == {"c": 1, "b": 2, "a": 3}
    assert assign_priorities(results, "strongest") == {"c": 1, "a": 2, "b": 3}


def test_doubtful_reads_first_the_scores_nearest_the_rubric_s_grade_boundaries():
    """A score 0.1 from a band of the rubric that graded it is read before one far from every band."""
    bands = load_rubric("2024").bands
    results = [DocumentResult("far", score=(bands[1] + bands[2]) / 2, grade=3),
               DocumentResult("near_top", score=bands[3] + 0.1, grade=5),
               DocumentResult("near_low", score=bands[1] - 0.3, grade=2)]
    assert assign_priorities(results, "doubtful") == {"near_top": 1, "near_low": 2, "far": 3}
    assert assign_priorities(results, "doubtful", bands=(50.0, 60.0, 70.0, 80.0))["far"] == 1


@pytest.mark.parametrize("year", ["2023", "2024"])
def test_rubrics_load(year):
    rubric = load_rubric(year)
    assert sum(rubric.weights.values()) == 100 and rubric.guidance_phrases


def test_bad_rubric_names_the_field(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("year: 2025\ntopic: x\nweights: {hoc_tap: 100}\nbands: [1,2,3,4]\nguidance_phrases: []\n"
                    "pillar_without_action: 0.5\nactions_full: 10\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_rubric(str(path))
    assert "weights" in str(err.value) and "bad.yaml" in str(err.value)


@pytest.mark.parametrize("text", ["year: [2025\n", "weights: {a: 1\n", "\tyear: 2025\n"])
def test_a_rubric_that_is_not_yaml_is_a_coded_error(tmp_path, text):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_rubric(str(path))
    assert "broken.yaml" in str(err.value) and "cannot be read" in str(err.value)
