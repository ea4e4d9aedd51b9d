"""Learning: sentence features, the scikit-learn sentence labeller, safe persistence, metrics."""
