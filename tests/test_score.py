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


@pytest.mark.parametrize("year", ["2023", "2024"])
def test_missing_pillar_caps_grade_at_yeu(year):
    """The guidelines' grade 2 (Yếu) is "a pillar missing or only named", and every annotated train + dev
    document missing a pillar is graded 2 or 1: a plan without Nêu gương was graded Đạt (3)."""
    assert grade_for(95, load_rubric(year), missing_pillars=1) == 2


@pytest.mark.parametrize(("missing", "grade"), [(0, 5), (1, 4), (2, 3), (4, 3)])
def test_missing_requirements_cap_the_grade_as_the_rubric_says(missing, grade):
    """Grade 5 asks for all four requirements; two or more missing is at most Đạt."""
    assert grade_for(95, load_rubric("2024"), missing_requirements=missing) == grade
    assert grade_for(50, load_rubric("2024"), missing_requirements=missing) == 3


def test_a_capped_grade_says_why_and_an_uncapped_one_says_nothing():
    from analyzer.score import cap_reason

    rubric = load_rubric("2024")
    assert cap_reason(88.9, rubric, ["neu_guong"], []) == "Xếp loại tối đa 2 (điểm 88.9 thuộc mức 5) vì thiếu: Nêu gương"
    assert cap_reason(80.0, rubric, [], ["exemplar"]) == ""  # grade 4 either way


def test_a_registration_naming_nobody_as_exemplar_does_not_meet_the_requirement():
    import analyzer

    named = analyzer.analyze_text("Cá nhân điển hình: đồng chí Nguyễn Văn Tùng, Bí thư chi bộ.")
    nameless = analyzer.analyze_text("Cá nhân điển hình: đồng chí Bí thư chi bộ là cá nhân điển hình của mô hình.")
    assert dict(named.flags)["exemplar"] == 1 and named.exemplar_names == ("Nguyễn Văn Tùng",)
    assert dict(nameless.flags)["exemplar"] == 0 and not nameless.exemplar_names


def test_priorities_put_failures_and_weakest_first():
    results = [DocumentResult("a", score=80.0), DocumentResult("b", score=20.0), DocumentResult("c", status="error")]
    assert assign_priorities(results) == {"c": 1, "b": 2, "a": 3}
    assert assign_priorities(results, "strongest") == {"c": 1, "a": 2, "b": 3}


def test_a_grade_capped_for_a_missing_pillar_is_read_with_its_grade_not_its_score():
    results = [DocumentResult("good", score=80.0, grade=4), DocumentResult("capped", score=88.9, grade=3),
               DocumentResult("weak", score=30.0, grade=2)]
    assert assign_priorities(results) == {"weak": 1, "capped": 2, "good": 3}
    assert assign_priorities(results, "strongest") == {"good": 1, "capped": 2, "weak": 3}


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


@pytest.mark.parametrize(("field", "value"), [
    ("actions_full", "-3"), ("actions_full", "0"), ("missing_pillar_max_grade", "0"), ("pillar_without_action", '"bốn mươi"'),
    ("pillar_without_action", ""), ("guidance_phrases", '"một câu"'), ("missing_requirements_max_grade", "{1: 7}"),
    ("year", '"năm nay"'),
])
def test_a_rubric_value_out_of_range_or_of_the_wrong_kind_is_a_coded_error(tmp_path, field, value):
    """A custom rubric with a negative actions_full once gave scores that fell as actions rose."""
    from analyzer.rubrics import RUBRIC_DIR

    path = tmp_path / "r.yaml"
    source = (RUBRIC_DIR / "2024.yaml").read_text(encoding="utf-8")
    lines = [line for line in source.splitlines() if not line.startswith(f"{field}:")]
    if field == "guidance_phrases":
        lines = [line for line in lines if not line.startswith("  - ")]
    path.write_text("\n".join(lines) + f"\n{field}: {value}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_rubric(str(path))
    assert str(err.value).startswith("E30") and field in str(err.value)


def test_an_action_pasted_again_and_again_earns_no_more_than_once():
    """A note of one concrete sentence is too little to judge; copying it into five numbered items (or a section
    twice) must not make it a full plan of concrete actions (it scored Đạt, 58 points, from 15)."""
    import analyzer

    head = "CHI BỘ THÔN 4\nBẢN ĐĂNG KÝ MÔ HÌNH NĂM 2024\n"
    act = "Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024 trước ngày 30/6/2024."
    once = analyzer.analyze_text(head + act)
    pasted = analyzer.analyze_text(head + "\n".join(f"{i}. {act}" for i in range(1, 6)))
    assert pasted.score == once.score and pasted.grade == once.grade == 1
    assert any("quá ít để đánh giá" in r for r in pasted.reasons)


def test_an_action_pasted_under_each_pillar_makes_no_other_pillar_concrete():
    """One activity pasted under Học tập, Làm theo and Nêu gương, beside a slogan each, is one pillar with an
    action and two named only (all three were concrete: 44.4 points, Đạt)."""
    import analyzer

    act = "Chi bộ tổ chức 4 buổi sinh hoạt chuyên đề trong năm 2024."
    text = ("CHI BỘ TRẠM Y TẾ XÃ\nBẢN ĐĂNG KÝ MÔ HÌNH NĂM 2024\n"
            f"I. HỌC TẬP BÁC\n1. {act}\n2. Nâng cao nhận thức của đảng viên về tư tưởng, đạo đức của Bác.\n"
            f"II. LÀM THEO BÁC\n1. {act}\n2. Phục vụ người bệnh tận tình, chu đáo.\n"
            f"III. NÊU GƯƠNG\n1. {act}\n2. Đảng viên gương mẫu, đi đầu trong mọi nhiệm vụ.\n")
    result = analyzer.analyze_text(text)
    assert result.flag("hoc_tap_concrete") and result.flag("lam_theo") and result.flag("neu_guong")
    assert not result.flag("lam_theo_concrete") and not result.flag("neu_guong_concrete")
    assert "Nội dung Làm theo Bác chưa có hành động đo đếm được" in result.reasons


def test_label_counts_read_a_copied_item_or_table_row_once():
    from analyzer.results import Sentence
    from analyzer.score import label_counts

    rows = ["- Tổ chức 4 buổi tọa đàm trong quý II/2024.", "3. Tổ chức 4 buổi  tọa đàm trong quý II/2024.",
            "1 | Tổ chức 4 buổi tọa đàm | Quý II/2024", "5 | Tổ chức 4 buổi tọa đàm | Quý II/2024",
            "Tổ chức 5 buổi tọa đàm trong quý II/2024.", "+ Nâng cao nhận thức.", "Nâng cao nhận thức."]
    labels = [{"action"}] * 5 + [{"slogan"}] * 2
    sentences = [Sentence(i, 0, 0, t, "", "body", frozenset(l)) for i, (t, l) in enumerate(zip(rows, labels))]
    assert label_counts(sentences) == (3, 1)


def test_too_few_actions_is_said_as_a_shortfall_not_as_a_count():
    """The reasons list what lost points: a plan with 10 of the 12 actions that fill the part was told only
    "10 hành động đo đếm được", which reads as praise."""
    rubric = load_rubric("2024")
    assert "Chỉ có 10 hành động đo đếm được (cần 12 để đủ điểm)" in reasons(
        score_parts(FULL, n_actions=10, n_slogans=0, rubric=rubric))
    assert [p.reason for p in score_parts(FULL, n_actions=15, n_slogans=0, rubric=rubric)
            if p.name == "action_share"] == ["15 hành động đo đếm được"]
