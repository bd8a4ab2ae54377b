"""policy-extract: a thin command line over the library.

Every command has an example in its help; every user error is one line naming the file and the
problem, with a non-zero exit. Commands live in modules of this package and are registered in
COMMANDS below, so that ``policy-extract --help`` imports nothing heavy.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from .. import __version__
from ..errors import ExtractorError

# command name -> "module:function" (imported only when the command runs or its help is shown)
COMMANDS = {
    "extract": "extractor.cli.core:extract",
    "who": "extractor.cli.core:who",
    "graph": "extractor.cli.core:graph",
    "validate": "extractor.cli.core:validate",
    "eval": "extractor.cli.core:eval_",
    "schema": "extractor.cli.core:schema",
}
EXTRA_COMMANDS = {}   # filled by optional command modules below (batch, export, stats, report, calendar, align)
for _mod, _cmds in (("extractor.cli.batch", ("batch", "export", "stats")),
                    ("extractor.cli.report", ("report", "calendar")),
                    ("extractor.cli.align", ("align",))):
    try:
        _spec = importlib.util.find_spec(_mod)
    except (ImportError, ValueError):
        _spec = None
    if _spec is not None:
        for _c in _cmds:
            EXTRA_COMMANDS[_c] = f"{_mod}:{_c.replace('-', '_')}"


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted({**COMMANDS, **EXTRA_COMMANDS})

    def get_command(self, ctx, name):
        target = {**COMMANDS, **EXTRA_COMMANDS}.get(name)
        if target is None:
            return None
        mod, func = target.split(":")
        return getattr(importlib.import_module(mod), func)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policy-extract")
def cli():
    """Extract tasks, responsible units, deadlines and targets from Chinese policy notices.

    \b
    Examples:
      policy-extract extract corpora/zhengzhou_air_2024/text.txt -o outputs/zhengzhou.json
      policy-extract who 市发改委 outputs/zhengzhou_air_2024.json
      policy-extract graph outputs/zhengzhou_air_2024.json -o graph.graphml
    """


def main(argv=None) -> None:
    try:
        cli.main(args=argv, prog_name="policy-extract", standalone_mode=False)
    except ExtractorError as e:
        click.echo(f"policy-extract: {e.line()}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("policy-extract: aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("policy-extract: interrupted", err=True)
        sys.exit(130)
    except OSError as e:
        click.echo(f"policy-extract: {getattr(e, 'filename', '') or ''}: {e.strerror or e}", err=True)
        sys.exit(2)
