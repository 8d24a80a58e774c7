"""Load a semantic model from YAML files, reporting every problem at once.

Each file is parsed with line numbers kept, validated strictly (unknown keys are
errors), then the files are merged and the cross-reference rules of
:mod:`semantic_layer.model_checks` run over the whole. Problems carry file, line and a
"did you mean" suggestion; they are raised together as one ``ModelDefinitionError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from semantic_layer import disk_cache
from semantic_layer.errors import ModelDefinitionError, ModelProblem, did_you_mean
from semantic_layer.model import ModelFile

if TYPE_CHECKING:
    import yaml

    from semantic_layer.semantic_model import SemanticModel

BANK_MODEL_DIR = Path(__file__).parent / "models" / "bank"


def _yaml() -> ModuleType:
    """PyYAML, imported on the first text not read before (see ``read_yaml``)."""
    import yaml

    return yaml


def _loader() -> Any:
    """libyaml's safe loader when it is there: ~10x faster than the pure-Python one."""
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """``yaml.safe_load(text)`` through libyaml when it is there. What a text reads as is kept
    between runs (``disk_cache``, named by a hash of the text): an unchanged file is read back
    without importing or running the parser, a twentieth of a second of every start."""
    return disk_cache.kept("yaml", [text], object, lambda: _yaml().load(text, Loader=_loader()))  # noqa: S506 (a safe loader)


SECTIONS = ("tables", "joins", "dimensions", "tag_sources", "tags", "metrics")


@dataclass(frozen=True)
class Located:
    """Where an element of the model was defined."""

    file: str
    line: int | None


def _line_map(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    mapping, sequence = _yaml().MappingNode, _yaml().SequenceNode

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        out[path] = node.start_mark.line + 1
        if isinstance(node, mapping):
            for key, value in node.value:
                out[path + (key.value,)] = key.start_mark.line + 1
                walk(value, path + (key.value,))
        elif isinstance(node, sequence):
            for i, item in enumerate(node.value):
                walk(item, path + (i,))

    walk(node, path)


def _nearest_line(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return None


def _pydantic_problems(err: ValidationError, file: str, lines: dict[tuple[Any, ...], int]) -> list[ModelProblem]:
    problems = []
    for e in err.errors():
        loc = tuple(e["loc"])
        # a model_validator's loc stops at the element; tagged unions add the type name
        element = ".".join(str(p) for p in loc) or "(file)"
        msg = e["msg"].removeprefix("Value error, ")
        suggestions: list[str] = []
        if e["type"] == "extra_forbidden" and loc:
            allowed = _allowed_keys(loc[:-1])
            suggestions = did_you_mean(str(loc[-1]), allowed)
            msg = f"unknown key '{loc[-1]}'"
        problems.append(
            ModelProblem(file, _nearest_line(lines, loc), element, msg, _zh(msg), suggestions)
        )
    return problems


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed at ``loc`` of a ModelFile (for "did you mean")."""
    from pydantic import BaseModel

    cls: Any = ModelFile
    for part in loc:
        if isinstance(part, int):
            continue
        field = cls.model_fields.get(part)
        if field is None:
            return []
        ann = field.annotation
        inner = [a for a in getattr(ann, "__args__", (ann,)) if isinstance(a, type)]
        nxt = next((a for a in inner if issubclass(a, BaseModel)), None)
        if nxt is None:
            return []
        cls = nxt
    return [f.alias or name for name, f in cls.model_fields.items()]


def _zh(msg: str) -> str:
    table = {
        "unknown key": "未知的键",
        "Field required": "缺少必填项",
        "Input should be": "取值应为",
    }
    for en, zh in table.items():
        if en in msg:
            return msg.replace(en, zh)
    return f"定义有误: {msg}"


def _read_with_lines(text: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """What ``text`` reads as, and the line of each of its elements (``yaml.YAMLError`` if it
    is not YAML)."""
    loader = _loader()(text)  # parsed once: the nodes give the lines, and the data is built from them
    try:
        node = loader.get_single_node()  # what yaml.compose returns
        data = loader.construct_document(node) if node is not None else None  # what yaml.load returns
    finally:
        loader.dispose()
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _line_map(node, (), lines)
    return data, lines


def read_model_file(path: Path) -> tuple[ModelFile | None, dict[tuple[Any, ...], int], list[ModelProblem]]:
    """Parse and validate one YAML file; never raises for bad content."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, {}, [ModelProblem(name, None, "(file)", f"cannot read file: {exc}", f"无法读取文件: {exc}")]
    try:  # kept between runs as read_yaml's texts are
        data, lines = disk_cache.kept("model-yaml", [text], tuple, lambda: _read_with_lines(text))
    except _yaml().YAMLError as exc:  # (the except clause is evaluated only once something is raised)
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        return None, {}, [ModelProblem(name, line, "(yaml)", f"malformed YAML: {problem}", f"YAML 格式错误: {problem}")]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, lines, [ModelProblem(name, 1, "(file)", "a model file must be a mapping of sections", "模型文件的顶层必须是映射(键值对)")]
    try:
        return ModelFile.model_validate(data), lines, []
    except ValidationError as err:
        return None, lines, _pydantic_problems(err, name, lines)


def load_model(path: Path | str | None = None, *, schema: dict[str, set[str]] | None = None) -> SemanticModel:
    """Load every ``*.yaml`` under ``path`` (a directory or one file) into a model.

    ``schema`` (table -> columns, e.g. read from the database) adds checks that the
    model's tables and columns really exist. Raises ``ModelDefinitionError`` listing
    every problem found.
    """
    from semantic_layer.model_checks import check_model
    from semantic_layer.semantic_model import SemanticModel

    root = Path(path) if path else BANK_MODEL_DIR
    if not root.exists():
        raise ModelDefinitionError([ModelProblem(str(root), None, "(path)", "model path does not exist", "模型路径不存在")])
    files = sorted(root.glob("*.yaml")) + sorted(root.glob("*.yml")) if root.is_dir() else [root]
    if not files:
        raise ModelDefinitionError([ModelProblem(str(root), None, "(path)", "no .yaml files found", "没有找到 .yaml 文件")])
    problems: list[ModelProblem] = []
    merged: dict[str, Any] = {s: [] for s in SECTIONS}
    where: dict[int, Located] = {}
    for f in files:
        parsed, lines, found = read_model_file(f)
        problems += found
        if parsed is None:
            continue
        for key in ("name", "description", "as_of", "customer", "not_covered", "headline_metrics", "default_metric", "suggested_breakdowns", "starters", "min_group_size", "currency"):
            value = getattr(parsed, key)
            if value is not None:
                merged[key] = value
        for section in SECTIONS:
            for i, item in enumerate(getattr(parsed, section)):
                merged[section].append(item)
                where[id(item)] = Located(f.name, lines.get((section, i)))
    model = SemanticModel(merged, where)
    if not problems:  # cross-references only mean something once every file parsed
        passed = _checked_path(files, schema)
        if passed is None or disk_cache.load(passed) is not True:
            problems += check_model(model, schema)
            if passed is not None and not problems:
                disk_cache.store(passed, True)
    if problems:
        raise ModelDefinitionError(problems)
    return model


def _checked_path(files: list[Path], schema: dict[str, set[str]] | None) -> str | None:
    """Where "these files passed the cross-reference rules" is kept between runs, named by
    the files as they are now, the schema checked against and the rules' own code (so an
    edited file or rule is checked again); None if a file cannot be read.

    The rules parse every SQL snippet of the model with sqlglot: a tenth of a second a
    start spends on files that have not changed.
    """
    key = ["model-check", repr(sorted((t, sorted(c)) for t, c in schema.items())) if schema else "-"]
    code = sorted(Path(__file__).parent.glob("*.py"))
    for f in (*files, *code):
        try:
            st = f.stat()
        except OSError:
            return None
        key.append(f"{f.resolve()}:{st.st_size}:{st.st_mtime_ns}")
    return disk_cache.cache_path("model-check", key)
