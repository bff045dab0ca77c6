"""The web UI's look: theme, fonts and CSS (system fonts only, nothing fetched from a font service), the
toasts' Japanese titles, and the one script of our own (a [n] marker scrolls to its source card)."""
from __future__ import annotations

import gradio as gr  # the package (assistant/ui/__init__.py) turned its analytics off before this

ERROR, WARNING = "エラー", "注意"  # the toasts' titles (as TOAST_CSS writes them)
# Gradio titles a toast with its level in English ("Warning", "Error") and ignores the title it is
# given: the CSS hides the level's word and writes the Japanese title in its place.
TOAST_TITLES = {"warning": WARNING, "error": ERROR, "info": "お知らせ", "success": "完了"}
TOAST_CSS = (".toast-title {font-size: 0 !important;} .toast-title::before {font-size: var(--text-md);}\n"
             ".toast-title .toast-count {font-size: var(--text-sm);}\n"
             + "".join(f'.toast-title.{level}::before {{content: "{title}";}}\n' for level, title in TOAST_TITLES.items()))

CSS = """
#sources {max-height: 72vh; overflow-y: auto;}
.src-turn > summary {font-weight: 600; cursor: pointer; margin: 4px 0;}
.src-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 8px 0;
  background: var(--background-fill-secondary); scroll-margin-top: 8px;}
.src-card.flash {outline: 3px solid #f59e0b;}
.src-n {font-weight: 700; color: var(--color-accent);} .src-title {font-weight: 600;}
.src-meta, .src-min {font-size: 0.85em; color: var(--body-text-color-subdued); margin-top: 2px;}
.lbl {font-weight: 600; margin-right: 2px;} .mention {text-decoration: underline dotted; cursor: help;}
.src-quote {margin: 6px 0; padding: 4px 8px; border-left: 3px solid var(--color-accent); font-size: 0.92em;}
.src-full > summary {cursor: pointer; font-size: 0.85em; color: var(--color-accent);}
.sheet-text {white-space: pre-wrap; font-size: 0.88em; line-height: 1.6; max-height: 420px; overflow-y: auto;
  padding: 6px; border: 1px solid var(--border-color-primary); border-radius: 6px; margin-top: 4px;}
.sheet-view .sheet-text {max-height: none;}
mark {background: #fde68a; color: inherit; padding: 0 1px;}
a.cite {text-decoration: none; font-weight: 700; color: var(--color-accent);}
.src-empty {color: var(--body-text-color-subdued); font-size: 0.9em; padding: 8px;}
.status-panel ul {margin: 4px 0 4px 1.2em;} .status-details > summary {cursor: pointer; margin-top: 8px;}
.status-details {font-size: 0.9em; color: var(--body-text-color-subdued);}
""" + TOAST_CSS

# Our own script (no user or document text in it): a [n] marker scrolls to and flashes its card.
HEAD = """<script>
document.addEventListener('click', function (ev) {
  var a = ev.target.closest && ev.target.closest('a.cite');
  if (!a) return;
  var id = (a.getAttribute('href') || '').replace(/^#/, '');
  var card = document.getElementById(id);
  if (!card) return;
  ev.preventDefault(); ev.stopPropagation();
  var turn = card.closest('details'); if (turn) turn.open = true;
  card.scrollIntoView({behavior: 'smooth', block: 'start'});
  card.classList.add('flash'); setTimeout(function () { card.classList.remove('flash'); }, 1600);
}, true);
</script>"""

FONTS = ["Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", "sans-serif"]


def style() -> dict:
    """Theme, CSS and head for ``launch`` (Gradio 6 takes them there); system fonts only, nothing
    is fetched from a font service."""
    return {"theme": gr.themes.Default(font=FONTS, font_mono=["Noto Sans Mono CJK JP", "monospace"]),
            "css": CSS, "head": HEAD}
