"""policy-extract: a thin command line over the library.

Every command has an example in its help; every user error is one line naming the file and the
problem, with a non-zero exit. Commands live in modules of this package and are registered in
COMMANDS below, so that ``policy-extract --help`` imports nothing heavy.
"""
from __future__ import annotations

import importlib
import sys
import traceback

import click

from ..version import __version__
from ..errors import ExtractorError, InternalError

# command name -> "module:function" (imported only when the command runs or its help is shown)
COMMANDS = {
    "extract": "extractor.cli.core:extract",
    "who": "extractor.cli.core:who",
    "graph": "extractor.cli.core:graph",
    "validate": "extractor.cli.core:validate",
    "eval": "extractor.cli.core:eval_",
    "schema": "extractor.cli.core:schema",
    "batch": "extractor.cli.batch:batch",
    "export": "extractor.cli.batch:export",
    "stats": "extractor.cli.batch:stats",
    "report": "extractor.cli.report:report",
    "calendar": "extractor.cli.report:calendar",
    "align": "extractor.cli.align:align",
}
_DEBUG = {"on": False}     # set by the global --debug flag


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        mod, func = target.split(":")
        return getattr(importlib.import_module(mod), func)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policy-extract")
@click.option("--debug", is_flag=True, help="On an internal error (a bug), print the traceback.")
def cli(debug):
    """Extract tasks, responsible units, deadlines and targets from Chinese policy notices.

    \b
    Exit status: 0 done; 1 some inputs failed (batch, validate, eval); 2 bad input (the file or
    the arguments); 3 bad data (a malformed rule, lexicon or TOML file); 70 internal error (a bug:
    please report it; --debug shows the traceback).

    \b
    Examples:
      policy-extract extract corpora/zhengzhou_air_2024/text.txt -o outputs/zhengzhou.json
      policy-extract who 市发改委 outputs/zhengzhou_air_2024.json
      policy-extract graph outputs/zhengzhou_air_2024.json -o graph.graphml
    """
    _DEBUG["on"] = debug


def _internal(err: InternalError) -> None:
    """A bug: one line and a request to report it; the traceback only under --debug."""
    click.echo(f"policy-extract: {err.line()} (this is a bug: please report it with the input that "
               f"caused it; --debug shows the traceback)", err=True)
    if _DEBUG["on"]:
        traceback.print_exception(err, file=sys.stderr)
    sys.exit(err.exit_code)


def main(argv=None) -> None:
    try:
        cli.main(args=argv, prog_name="policy-extract", standalone_mode=False)
    except InternalError as e:
        _internal(e)
    except ExtractorError as e:          # bad input (exit 2) or bad data (exit 3): one line
        click.echo(f"policy-extract: {e.line()}", err=True)
        sys.exit(e.exit_code)
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
    except Exception as e:               # a bug in a command's own code, outside the pipeline
        _internal(InternalError.wrap(e))
