"""The ``mohinh`` command line: thin commands over the library."""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import click

from analyzer.config import Config
from analyzer.corpus import MARKER_STYLES


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mohinh")
def main() -> None:
    """mohinh: appraise Vietnamese "học tập và làm theo Bác" model registrations."""
    # `kill`, a service stop or a scheduler's timeout sends SIGTERM, which ends Python at once: turned
    # into SystemExit, it unwinds like Ctrl-C, and the outputs' temporary files are removed on the way
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


# a write refused for want of room or rights: mohinh writes only into --out, so these are its folder's
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_NO_ROOM = _FULL | {errno.EROFS}


def _unwritable(err: OSError, out_dir: Path, then: str) -> click.ClickException | None:
    """The one-line error (E309) of an output that could not be written (a full disk, a read-only or
    rights-less folder), or None when ``err`` is about something else (a defect: its traceback is kept)."""
    from analyzer.errors import E, MohinhError

    name = err.filename if isinstance(err.filename, str) else ""
    inside = bool(name) and Path(os.path.abspath(name)).is_relative_to(os.path.abspath(out_dir))
    if err.errno not in _NO_ROOM and not inside:
        return None
    detail = (err.strerror or type(err).__name__) + (f" ({name})" if name else "")
    fix = "Make room" if err.errno in _FULL else "Make it writable"
    return click.ClickException(f"{MohinhError(E.OUT_UNWRITABLE, path=out_dir, detail=detail)} {fix}, then {then}.")


def _interrupted(err: BaseException, message: str) -> NoReturn:
    """End a run stopped by Ctrl-C (exit status 130) or `kill` (143) with what it left and what to do next."""
    click.echo(f"\ninterrupted: {message}", err=True)
    sys.exit(err.code if isinstance(err, SystemExit) else 128 + signal.SIGINT)


def _not_empty(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    # `--out ""` (a script's unset $OUT) would write every output into the current folder
    if not str(value).strip() or str(value) == ".":
        raise click.BadParameter("give the folder to write the results to (an empty --out would write them into the "
                                 "current folder)")
    return value


@main.command()
@click.argument("in_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), callback=_not_empty,
              help="Output folder: documents.csv, sentences.csv and findings.csv (the tables), then the appraisers' "
                   "reports, report/index.html (the ranked list) with one page per submission under report/docs/, "
                   "and results.xlsx (the workbook).")
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes (0 = all cores). With 2 or more, a file that crashes its worker (out of memory, "
                   "a reader's native code) becomes an E113 row and the batch goes on; 1 runs in this process.")
@click.option("--rubric", default="2024", show_default=True, help="Campaign rubric: a year in analyzer/rubrics or a YAML path.")
@click.option("--priority", type=click.Choice(["weakest", "strongest", "doubtful"]), default="weakest",
              show_default=True,
              help="Review order of the ranked documents (priority 1 = read first): weakest = lowest grade first, "
                   "then lowest score; strongest = highest grade first, then highest score; doubtful = the score "
                   "closest to a grade boundary of the rubric first, where a grade is the most likely to be wrong. "
                   "Files that could not be read come first, system or editor files (E111) last.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=Config.max_bytes, show_default=True,
              help="Largest input file accepted, in bytes; a larger one is an E102 row.")
@click.option("--max-chars", type=click.IntRange(min=1), default=Config.max_chars, show_default=True,
              help="Most characters of text a file may give; a file with more is an E102 row.")
@click.option("--parquet", is_flag=True, help="Also write Parquet copies of the tables.")
@click.option("--strict", is_flag=True,
              help="Exit with status 1 when any submission fails (files an operating system or an editor left, "
                   "E111, do not count).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--no-cache", is_flag=True, help="Analyse every file again even if unchanged since the last run into --out.")
@click.option("--no-report", is_flag=True, help="Skip the HTML reports and results.xlsx (render them later with `mohinh report`).")
@click.option("--include-hidden", is_flag=True,
              help="Also walk hidden folders (names starting with '.'); without it they are named, not read.")
def score(in_dir: Path, out_dir: Path, jobs: int, rubric: str, priority: str, max_bytes: int, max_chars: int,
          parquet: bool, strict: bool, quiet: bool, no_cache: bool, no_report: bool, include_hidden: bool) -> None:
    """Score every submission under IN_DIR (recursively) and write the result tables to --out."""
    from analyzer.batch import score_folder
    from analyzer.report import reports_current

    from analyzer.errors import MohinhError, counted
    from analyzer.rubrics import load_rubric

    config = Config(jobs=jobs, rubric=rubric, max_bytes=max_bytes, max_chars=max_chars, strict=strict,
                    include_hidden=include_hidden)
    try:
        load_rubric(rubric)  # a wrong --rubric is said before any file is read
        summary = score_folder(in_dir, out_dir, config=config, progress=not quiet, parquet=parquet,
                               priority_order=priority, use_cache=not no_cache)
    except MohinhError as err:
        raise click.ClickException(str(err)) from err
    except OSError as err:
        raise _unwritable(err, out_dir, "run the same command again (or give another --out): the files analysed so "
                                        "far are not analysed again") or err
    except (KeyboardInterrupt, SystemExit) as err:
        _interrupted(err, f"the tables and reports in {out_dir} are still those of its last complete run, if any; "
                          "run the same command again: the files analysed so far are not analysed again.")
    click.echo(f"{_files(summary.n_files, summary.n_errors - summary.n_not_submissions, summary.n_not_submissions)}; "
               f"{counted(summary.n_sentences, 'sentence')}; {summary.n_cached} unchanged (cached)"
               + (" — outputs up to date" if summary.up_to_date else ""))
    click.echo(f"results: {summary.out_dir / 'documents.csv'}  {summary.out_dir / 'sentences.csv'}")
    if summary.earlier_outputs:
        click.echo("not read, results of an earlier run: " + ", ".join(summary.earlier_outputs))
    if summary.hidden_folders:
        click.echo("not read, hidden folders (--include-hidden reads them): " + ", ".join(summary.hidden_folders))
    if not summary.n_files:  # a wrong folder given, or the submissions not copied yet
        click.echo(f"note: no file found in {in_dir}; give the folder that holds the submissions", err=True)
    if no_report:
        if ((summary.out_dir / "report" / "index.html").is_file() or (summary.out_dir / "results.xlsx").is_file()) \
                and not reports_current(summary.out_dir):
            click.echo(f"note: {summary.out_dir / 'report' / 'index.html'} and results.xlsx are an earlier run's and do "
                       f"not show these results (--no-report); `mohinh report {summary.out_dir}` renders them",
                       err=True)
    elif not (summary.up_to_date and reports_current(summary.out_dir)):
        _render(summary.out_dir, config.workers)
    if strict and summary.n_errors > summary.n_not_submissions:
        n_failed = summary.n_errors - summary.n_not_submissions
        click.echo(f"--strict: {counted(n_failed, 'file')} could not be read (status=error in documents.csv): "
                   "exit status 1", err=True)
        sys.exit(1)


def _files(n_files: int, n_failed: int, n_skipped: int) -> str:
    """What became of a batch's files, as the score and report commands say it: "41 files: 38 scored, 1 error,
    2 skipped as not submissions (E111)" (files an operating system or an editor left are no error)."""
    from analyzer.errors import counted

    skipped = f", {n_skipped} skipped as not {'a submission' if n_skipped == 1 else 'submissions'} (E111)" \
        if n_skipped else ""
    return f"{counted(n_files, 'file')}: {n_files - n_failed - n_skipped} scored, {counted(n_failed, 'error')}{skipped}"


@main.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default=True, help="Worker processes (0 = all cores).")
def report(out_dir: Path, jobs: int) -> None:
    """Re-render the HTML reports and results.xlsx of an existing OUT folder without re-analysing."""
    _render(out_dir, Config(jobs=jobs).workers)


def _render(out_dir: Path, jobs: int) -> None:
    from analyzer.errors import MohinhError, counted
    from analyzer.report import render_reports

    try:
        paths = render_reports(out_dir, jobs=jobs)
    except MohinhError as err:
        raise click.ClickException(str(err)) from err
    except OSError as err:
        raise _unwritable(err, out_dir, f"`mohinh report {out_dir}` renders the reports") or err
    except (KeyboardInterrupt, SystemExit) as err:
        _interrupted(err, f"the reports of {out_dir} were not all rendered (the tables are complete); "
                          f"`mohinh report {out_dir}` renders them.")
    click.echo(f"report: {paths.index}  ({_files(paths.n_documents, paths.n_errors, paths.n_not_submissions)})")
    click.echo(f"workbook: {paths.xlsx}")
    if paths.note:
        click.echo(f"note: {paths.note}", err=True)
    if paths.n_interrupted:
        click.echo(f"note: a `mohinh score` run into {out_dir} was interrupted after {counted(paths.n_interrupted, 'file')}, "
                   "kept for the next run but not in these reports, which show the last complete run; run the same "
                   "`mohinh score` command again to finish it (those files are not analysed again)", err=True)


@main.command()
@click.argument("text", required=False)
@click.option("--year", type=click.IntRange(1900, 2100), default=None,
              help="With TEXT: the year of the submission it comes from, which tells last year's results "
                   "(context) from this year's (default: 2024, the year of the default rubric).")
def rules(text: str | None, year: int | None) -> None:
    """Validate and list the rule files; with TEXT, show which rules match it."""
    from analyzer.detect.rules import DEFAULT_YEAR, load_rules, match_rules, rule_files

    if text is not None and not text.strip():
        raise click.BadParameter("TEXT is empty: give a Vietnamese sentence, or no TEXT to list the rules.")
    hits = 0
    for name in rule_files():
        for rule in load_rules(name):
            if text is None:
                click.echo(f"{rule.source:18} {rule.id:28} {rule.kind}={rule.value:18} {rule.message}")
            else:
                for hit in match_rules((rule,), text, year=DEFAULT_YEAR if year is None else year):
                    hits += 1
                    click.echo(f"{rule.id:28} {hit.kind}={hit.value:14} «{hit.evidence}» {hit.start}-{hit.end}")
    if text is None:
        click.echo(f"{len(rule_files())} rule files valid")
    elif not hits:
        click.echo("no rule matches this text")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def corpus(files: tuple[Path, ...]) -> None:
    """Validate the annotated corpus (all of corpora/docs, or FILES) and print its counts."""
    from analyzer.corpus import main as corpus_main

    sys.exit(corpus_main(["check", *map(str, files)]))


def _echo_report(report: dict, to_markdown: Callable[[dict], str], written: Sequence[Path]) -> None:
    """Print a report's tables and the files it was written to."""
    click.echo(to_markdown(report))
    click.echo(f"written: {' '.join(map(str, written))} ({report['seconds']} s)")


@main.command()
@click.option("--split", type=click.Choice(["train", "dev", "test", "dev+test", "all"]), default="dev", show_default=True,
              help="Corpus split to evaluate on (test is for reporting only; dev+test pools the held-out documents; "
                   "all: every document of --corpus, no splits.tsv needed).")
@click.option("--corpus", "root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Another annotated corpus folder (docs/*.txt, or *.txt in the folder itself, in the "
                   "corpora/README.md format), e.g. submissions annotated by your own appraisers; header keys that only "
                   "describe a document may be missing or unlisted (a warning each). Default: the bundled corpora/.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out/evaluate"),
              show_default=True, help="Folder for evaluate_<split>.json and .md (evaluate_<split>_scanned.* with --scanned, "
                                      "evaluate_<split>_word.* with --word).")
@click.option("--scanned", is_flag=True,
              help="Analyse each document as it would arrive scanned: its text drawn on A4 pages as 300-dpi pictures "
                   "(tilted, with specks) in a PDF, read back by OCR (Tesseract, Vietnamese) through the same reader as "
                   "a submission, its sentences mapped back onto the gold ones. Says how far the labels hold on scans; "
                   "OCR takes seconds a page.")
@click.option("--word", is_flag=True,
              help="Analyse each document as it would arrive typed in Word with automatic numbering: a .docx whose "
                   "headings (I., 1., 1.2.), list items (a), -, +, •) and table STT cells Word numbers itself, read back "
                   "through the same reader as a submission, its sentences mapped back onto the gold ones.")
@click.option("--markers", type=click.Choice(list(MARKER_STYLES)), default=None,
              help="Read each document with its list markers written in another style (bullet: -, +, * as •; plus: "
                   "bullets as +; swap: 1. <-> 1) and a) <-> a.; none: bullets and letters left out), the same labels on "
                   "the same sentences: how far the labels depend on how a submission marks its lists. Files "
                   "evaluate_<split>_markers-<style>.*")
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="With --scanned or --word: documents read side by side (0 = all cores).")
def evaluate(split: str, root: Path | None, out_dir: Path, scanned: bool, word: bool, markers: str | None,
             jobs: int) -> None:
    """Evaluate the analyzer against the annotated corpus, beside a keyword baseline."""
    from analyzer.errors import MohinhError
    from analyzer.learn.evaluate import evaluate as run, to_markdown, write_report

    if scanned and word:
        raise click.UsageError("--scanned and --word are two ways to read the documents back: choose one.")
    try:
        report = run(split, root, read_as="scan" if scanned else "word" if word else "text",
                     jobs=Config(jobs=jobs).workers, markers=markers)
    except MohinhError as err:
        raise click.ClickException(str(err)) from err
    _echo_report(report, to_markdown, write_report(report, out_dir))


@main.command()
@click.option("--seeds", default="0,1", show_default=True,
              help="Fold assignments, comma-separated: 0 deals the documents to folds in id order (as `mohinh train`), "
                   "another seed shuffles them first.")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True, help="Folds per assignment.")
@click.option("--subset", "subsets", multiple=True, metavar="NAME=REGEX",
              help="Also report the natural documents whose id matches REGEX, e.g. 'h1-h10=^h([1-9]|10)_' (repeatable).")
@click.option("--C", "c", type=float, default=10.0, show_default=True, help="Inverse regularisation strength.")
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes: the seeds run side by side, one thread each (0 = all cores).")
@click.option("--corpus", "root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Another annotated corpus folder with a splits.tsv. Default: the bundled corpora/.")
@click.option("--extra", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Candidate documents (DIR/docs/*.txt, corpus format, no splits) that every fold also trains on, never "
                   "scored: what adding them to the corpus would do, on the same fold assignments.")
@click.option("--predictions", is_flag=True,
              help="Also write predictions.csv: every sentence's out-of-fold probabilities beside its gold labels, "
                   "one row per fold assignment, to read which sentences a label finds and misses.")
@click.option("--rules", is_flag=True,
              help="Also give each label's F1 after the rules that follow the model in the analyzer (a conditional "
                   "promise is no action, a cause after a shortcoming is one …), at the same thresholds: what the "
                   "rules change, on the same out-of-fold predictions.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out/crossval"),
              show_default=True, help="Folder for crossval.json and .md (and predictions.csv).")
def crossval(seeds: str, folds: int, subsets: tuple[str, ...], c: float, jobs: int, root: Path | None,
             extra: Path | None, predictions: bool, rules: bool, out_dir: Path) -> None:
    """Cross-validate the trainer over train + dev (never test): each label's F1 at its best threshold,
    per fold assignment, on the natural-sampling documents and on --subset documents. Decide changes to
    the model here, not on test."""
    from analyzer.errors import MohinhError
    from analyzer.learn.crossval import crossval as run, parse_subsets, to_markdown, write_report

    try:
        seed_list = [int(s) for s in seeds.split(",") if s.strip()]
        named = parse_subsets(subsets)
    except ValueError as err:
        raise click.BadParameter(str(err)) from err
    if not seed_list or any(s < 0 for s in seed_list):
        raise click.BadParameter("--seeds needs non-negative integers, e.g. 0,1")
    try:
        report = run(seed_list, folds=folds, C=c, subsets=named, root=root, jobs=Config(jobs=jobs).workers,
                     extra=extra, predictions=predictions, rules=rules)
    except MohinhError as err:
        raise click.ClickException(str(err)) from err
    _echo_report(report, to_markdown, write_report(report, out_dir))


@main.command()
@click.option("--C", "c", type=float, default=10.0, show_default=True, help="Inverse regularisation strength.")
def train(c: float) -> None:
    """Rebuild models/sentences.skops (train split; thresholds from 5-fold out-of-fold predictions over the natural-sampling documents of train + dev) and refit the rubric weights (train + dev grades)."""
    from analyzer.learn.train import train as run

    card = run(C=c)
    # out_of_fold: natural-sampling documents of train + dev; holdout: corpora/holdout/, when present
    for split, metrics in card["metrics_gold_boundaries"].items():
        click.echo(f"{split}: " + "  ".join(f"{k}={v['f1']:.3f}" for k, v in metrics.items()))
    for rubric, fit in card["rubric_fit"].items():
        click.echo(f"rubric {rubric}: weights {fit['weights']} bands {fit['bands']}")
    click.echo(f"model: models/sentences.skops (card: models/sentences.card.json, corpus {card['trained_on']['corpus_sha256'][:12]})")
