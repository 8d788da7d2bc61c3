"""Coalition's own themes: high contrast, for screen sharing and projectors.

The app follows Textual's themes (command palette → "Change theme"); these are
added to the list. Each theme defines the partners' colours (``$partner-a`` and
``$partner-b``, see ``CoalitionApp.get_theme_variable_defaults``), and nothing
muted is left faint: video calls compress colour and thin contrast first.
Colour is never the only cue (panes are titled by name, the floor is marked by
text), so these themes only make what is already there easier to read.
"""

from __future__ import annotations

from textual.theme import Theme

from coalition_tui.i18n import N_, _

THEME_SETTING = "theme"
"""The store setting that remembers the chosen theme."""

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFD700",
    secondary="#00E5FF",
    accent="#FFD700",
    warning="#FFB000",
    error="#FF6B6B",
    success="#3DF58A",
    foreground="#FFFFFF",
    background="#000000",
    surface="#1A1A1A",
    panel="#262626",
    boost="#FFFFFF14",
    dark=True,
    luminosity_spread=0.1,
    text_alpha=1.0,
    variables={
        # Partner A blue, partner B orange: apart for every kind of colour vision.
        "partner-a": "#5CC8FF",
        "partner-b": "#FFB347",
        "text-muted": "#E6E6E6",
        "foreground-muted": "#E6E6E6",
        "border": "#FFFFFF",
        "border-blurred": "#9A9A9A",
        "block-cursor-background": "#FFD700",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#4A4A4A",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "input-selection-background": "#FFD700 45%",
        "footer-background": "#000000",
        "footer-key-foreground": "#FFD700",
        "footer-description-foreground": "#FFFFFF",
        "button-color-foreground": "#000000",
        "button-focus-text-style": "bold reverse",
        "scrollbar": "#9A9A9A",
    },
)

HIGH_CONTRAST_LIGHT = Theme(
    name="high-contrast-light",
    primary="#0038A8",
    secondary="#005F73",
    accent="#0038A8",
    warning="#7A3E00",
    error="#B00020",
    success="#00662E",
    foreground="#000000",
    background="#FFFFFF",
    surface="#EDEDED",
    panel="#DCDCDC",
    boost="#0000000F",
    dark=False,
    luminosity_spread=0.1,
    text_alpha=1.0,
    variables={
        "partner-a": "#003D8A",
        "partner-b": "#6A3000",
        "text-muted": "#1E1E1E",
        "foreground-muted": "#1E1E1E",
        "border": "#000000",
        "border-blurred": "#595959",
        "block-cursor-background": "#0038A8",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#C8C8C8",
        "block-cursor-blurred-foreground": "#000000",
        "input-selection-background": "#0038A8 35%",
        "footer-background": "#FFFFFF",
        "footer-key-foreground": "#0038A8",
        "footer-description-foreground": "#000000",
        "button-color-foreground": "#FFFFFF",
        "button-focus-text-style": "bold reverse",
        "scrollbar": "#595959",
    },
)

THEMES: tuple[Theme, ...] = (HIGH_CONTRAST, HIGH_CONTRAST_LIGHT)

THEME_TITLES: dict[str, str] = {
    HIGH_CONTRAST.name: N_("high-contrast"),
    HIGH_CONTRAST_LIGHT.name: N_("high-contrast-light"),
}
"""How a picker names Coalition's themes (the name itself in English; it is also what the settings keep)."""


def theme_title(name: str) -> str:
    """The theme ``name`` as a picker shows it: Coalition's own in the interface's language, Textual's as named."""
    title = THEME_TITLES.get(name)
    return _(title) if title is not None else name


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``."""
    value = hex_colour.lstrip("#")[:6]
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two opaque colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
