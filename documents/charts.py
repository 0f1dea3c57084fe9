"""The dashboard's charts as PNG images for the annual report, drawn with matplotlib from the
same tables the dashboard draws its charts from (`dashboard.tables`)."""

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot  # noqa: E402 (after choosing the backend)

FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]
COLOURS = ["#1f5fa8", "#d4862b", "#3c9a5f", "#b8403a", "#7b5ea7", "#8c8c8c"]


def _label(row, columns):
    return " ".join(str(row[i]) for i in columns)


def table_chart(table, limit=20):
    """A bar chart of `table` as the dashboard draws it (its label and series columns), or None
    when it has no rows."""
    rows = table.rows[:limit]
    if not rows:
        return None
    labels = [_label(row, table.label_columns) for row in rows]
    with pyplot.rc_context(
        {"font.family": "sans-serif", "font.sans-serif": FONTS, "axes.unicode_minus": False}
    ):
        figure, axes = pyplot.subplots(
            figsize=(6.3, max(2.6, 0.32 * len(rows) + 1.2) if table.horizontal else 3.2)
        )
        try:
            positions = range(len(rows))
            width = 0.8 / (1 if table.stacked else len(table.series))
            bottom = [0.0] * len(rows)
            for n, column in enumerate(table.series):
                values = [float(row[column] or 0) for row in rows]
                offset = 0 if table.stacked else (n - (len(table.series) - 1) / 2) * width
                where = [p + offset for p in positions]
                draw = axes.barh if table.horizontal else axes.bar
                extra = {"left": bottom} if table.horizontal and table.stacked else {}
                if not table.horizontal and table.stacked:
                    extra = {"bottom": bottom}
                draw(
                    where,
                    values,
                    width,
                    label=str(table.columns[column]),
                    color=COLOURS[n % len(COLOURS)],
                    **extra,
                )
                if table.stacked:
                    bottom = [b + v for b, v in zip(bottom, values, strict=True)]
            if table.horizontal:
                axes.set_yticks(list(positions), labels, fontsize=8)
                axes.invert_yaxis()
            else:
                axes.set_xticks(list(positions), labels, fontsize=8, rotation=30 if len(rows) > 6 else 0)
            axes.tick_params(labelsize=8)
            axes.spines[["top", "right"]].set_visible(False)
            if len(table.series) > 1:
                axes.legend(fontsize=8, frameon=False)
            figure.tight_layout()
            out = io.BytesIO()
            figure.savefig(out, format="png", dpi=150)
            return out.getvalue()
        finally:
            pyplot.close(figure)
