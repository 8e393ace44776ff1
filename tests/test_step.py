import json
import logging

import pytest

from constructlens.errors import InputError
from constructlens.step import step, write_json


def test_bad_input_ends_the_step_with_its_message_and_the_traceback_in_the_log(tmp_path, capsys):
    log_file = tmp_path / "rule.log"
    with pytest.raises(SystemExit) as stopped, step(str(log_file)):
        raise InputError("data/mine.csv", "missing column(s) scale")
    assert stopped.value.code == 1
    text = log_file.read_text()
    assert "data/mine.csv: missing column(s) scale" in text and "Traceback" in text
    assert "data/mine.csv: missing column(s) scale" in capsys.readouterr().err


def test_an_unexpected_error_leaves_its_traceback_in_the_log(tmp_path):
    log_file = tmp_path / "rule.log"
    with pytest.raises(SystemExit) as stopped, step(str(log_file)):
        logging.getLogger("constructlens").info("working")
        raise TypeError("cannot unpack non-iterable numpy.float64 object")
    assert stopped.value.code == 1
    text = log_file.read_text()
    assert "working" in text and "unexpected error" in text
    assert "Traceback" in text and "TypeError: cannot unpack" in text


def test_write_json_writes_an_indented_record_ending_in_a_newline(tmp_path):
    path = tmp_path / "record.json"
    write_json(str(path), {"best_model": "mini", "candidates": [{"value": 0.5}]})
    text = path.read_text()
    assert text.endswith("}\n") and '\n  "best_model": "mini"' in text
    assert json.loads(text)["candidates"][0]["value"] == 0.5


def test_saving_a_pdf_does_not_fill_the_log_with_font_subsetting(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    log_path = tmp_path / "step.log"
    with step(str(log_path)) as log:
        fig, ax = plt.subplots()
        ax.set_title("Servant leadership")
        with plt.rc_context({"pdf.fonttype": 42}):  # embedded fonts, as the workflow writes PDFs
            fig.savefig(tmp_path / "figure.pdf")
        plt.close(fig)
        log.info("figure written")
    text = log_path.read_text()
    assert "figure written" in text and "fontTools" not in text
