"""Japanese question answering over the circular-economy plan documents, with cited sheets."""
