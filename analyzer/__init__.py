"""mohinh: analyse Vietnamese "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" model registrations.

Example:
    >>> import analyzer
    >>> r = analyzer.analyze_text("Chi bộ tổ chức cho 100% đảng viên học tập chuyên đề năm 2024.")
    >>> r.status
    'ok'
"""

from analyzer.api import Frames, analyze_file, analyze_folder, analyze_text, to_frames
from analyzer.config import Config
from analyzer.frames import documents_frame, findings_frame, load_analysis, load_results, sentences_frame, show_document
from analyzer.results import DocumentResult, Finding, ScorePart, Sentence

__all__ = ["Config", "DocumentResult", "Finding", "Frames", "ScorePart", "Sentence", "analyze_file",
           "analyze_folder", "analyze_text", "to_frames"]
__all__ += ["documents_frame", "findings_frame", "load_analysis", "load_results", "sentences_frame", "show_document"]
__version__ = "0.1.0"
