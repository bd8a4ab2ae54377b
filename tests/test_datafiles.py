"""Every data file goes through one loader (core.datafiles.load_toml): a malformed file fails with
one DataFileError that names the file, the entry and the key, whichever file it is."""
import pytest

from extractor.align.data import load_align_data
from extractor.annotate.deadlines import load_rules
from extractor.annotate.quantities import load_config
from extractor.core.datafiles import DATA_DIR, DataFileError, describe, read_toml
from extractor.lang.lexicon import load_lexicon
from extractor.lang.roles import load_role_cues
from extractor.structure.metadata import letterhead_file
from extractor.structure.tasks import section_rules

LOADERS = {"align.toml": load_align_data, "deadlines.toml": load_rules, "quantities.toml": load_config, "units.toml": load_lexicon,
           "roles.toml": load_role_cues, "sections.toml": section_rules, "letterhead.toml": letterhead_file}


def test_every_shipped_data_file_has_a_loader():
    assert sorted(p.name for p in DATA_DIR.glob("*.toml")) == sorted(LOADERS)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_not_toml_and_missing_file_name_the_file(tmp_path, name):
    bad = tmp_path / name
    bad.write_text("this is [ not toml", "utf-8")
    with pytest.raises(DataFileError, match=rf"{name}: not valid TOML"):
        LOADERS[name](str(bad))
    with pytest.raises(DataFileError, match=rf"nowhere/{name}: cannot read"):
        LOADERS[name](str(tmp_path / "nowhere" / name))


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_an_unknown_key_names_itself(tmp_path, name):
    bad = tmp_path / name
    bad.write_text((DATA_DIR / name).read_text("utf-8") + "\n[surprise]\nx = 1\n", "utf-8")
    with pytest.raises(DataFileError, match=r"surprise"):
        LOADERS[name](str(bad))


def test_sections_file_is_validated(tmp_path):
    bad = tmp_path / "sections.toml"
    bad.write_text('exempt = ["指导思想", ""]\ngoals = ["目标("]\n', "utf-8")
    with pytest.raises(DataFileError) as e:
        section_rules(str(bad))
    msg = str(e.value)
    assert str(bad) in msg and "exempt[1]" in msg and "goals[0]" in msg and "invalid regular expression" in msg


def test_describe_names_the_entry_and_the_key():
    raw = {"rule": [{"id": "a.b", "kind": "x"}], "bodies": {"local": [{"forms": ["财政局"]}]}}
    assert describe(raw, ("rule", 0, "kind")) == "rule[0] ('a.b'): kind"
    assert describe(raw, ("rule", 0)) == "rule[0] ('a.b')"
    assert describe(raw, ("bodies", "local", 0, "kidn"),
                    lambda n: n["forms"][0] if isinstance(n, dict) and "forms" in n else None) \
        == "bodies.local[0] (财政局): kidn"
    assert describe(raw, ("missing",)) == "missing"


def test_read_toml_reads_every_shipped_file():
    for p in DATA_DIR.glob("*.toml"):
        assert isinstance(read_toml(p), dict) and read_toml(p)


def test_score_column_headers_agree_between_structure_and_quantities():
    """The structure stage (which table is an assessment table) and the quantity reader (which
    cell is a score weight) each list the score-column headers in their own data file, because the
    structure layer may not import the annotation layer: the two lists must not drift apart."""
    import tomllib

    from extractor.core.datafiles import DATA_DIR
    sections = tomllib.loads((DATA_DIR / "sections.toml").read_text(encoding="utf-8"))["score_columns"]
    quantities = tomllib.loads((DATA_DIR / "quantities.toml").read_text(encoding="utf-8"))["score_columns"]
    assert sections == quantities
