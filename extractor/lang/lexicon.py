"""Unit lexicon and unit-name resolver.

The lexicon (``extractor/data/units.toml``) stores government bodies as level-independent
*cores* (发展和改革委员会 with its short forms 发展改革委 / 发改委) together with the names they
take at national and province level (国家发展和改革委员会, 省工业和信息化厅). This module
loads and validates that file and resolves any written unit name, in either script and either
width, to a stable id:

    >>> resolve_unit("市發展改革委").id == resolve_unit("市发改委").id == "unit:市发展和改革委员会"
    True

A name is split as ``[各|相关|属地] + prefix + form`` where *form* is a known core form and
*prefix* is a level (省, 市, 区县(市) …), a place with its level (郑州市, 浦东新区, 中共龙岩市委),
or, for bodies named after a bare place (合肥海关, 郑州供电公司), a bare place name.  A place
name is kept in the id (``unit:郑州市发展和改革委员会``) and the level-only id
(``unit:市发展和改革委员会``) is reported as a probable alias; so are the bodies the lexicon lists
as probably the same (``市交通局`` ~ ``市交通运输局``). Probable aliases are never merged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from ..normalise import fold, simplify, to_script
from ..core.datafiles import DATA_DIR, DataFileError, DataModel, load_toml

__all__ = ["Resolved", "Lexicon", "LexiconError", "load_lexicon", "get_lexicon", "resolve_unit",
           "unit_terms", "looks_like_unit", "DEFAULT_PATH", "KINDS"]

DEFAULT_PATH = DATA_DIR / "units.toml"

KINDS = ("government", "department", "party", "judicial", "district", "enterprise", "organisation",
         "catch_all", "other")
Kind = Literal["government", "department", "party", "judicial", "district", "enterprise",
               "organisation", "catch_all", "other"]
Level = Literal["national", "province", "city", "county", "township"]
LOCAL_LEVELS = ("province", "city", "county")


class LexiconError(DataFileError):
    """A malformed lexicon file: the message names the file and the entry."""


@dataclass(frozen=True)
class Resolved:
    id: str                      # "unit:" + canonical Simplified name
    canonical: str               # canonical Simplified full name
    kind: str                    # one of KINDS
    known: bool                  # True when the lexicon recognised the name
    variants: tuple[str, ...] = ()   # ids of probable aliases, not merged


# ------------------------------------------------------------------------------- file schema
# A place prefix (省/市/县/区 name) is 2 characters at least (郑州) and 16 at most (the longest
# autonomous county, 积石山保安族东乡族撒拉族自治县, has 14); outside that it is not a place.
MIN_PLACE, MAX_PLACE = 2, 16
_HAN = re.compile(r"^[\u3400-\u9fff()、,]+$")


def _check_names(v: list[str]) -> list[str]:
    for s in v:
        if not isinstance(s, str) or not s or not _HAN.match(s):
            raise ValueError(f"name {s!r} must be non-empty Chinese text")
        if simplify(s) != s:
            raise ValueError(f"name {s!r} must be written in Simplified, half-width form "
                             f"({simplify(s)!r})")
    if len(set(v)) != len(v):
        raise ValueError(f"duplicate names in {v!r}")
    return v


class CoreModel(DataModel):
    forms: list[str] = Field(default_factory=list)
    province: list[str] = Field(default_factory=list)
    national: list[str] = Field(default_factory=list)
    kind: Kind | None = None
    county_kind: Kind | None = None
    levels: list[Literal["province", "city", "county"]] | None = None
    place_bare: bool = False

    @field_validator("forms", "province", "national")
    @classmethod
    def _names(cls, v: list[str]) -> list[str]:
        return _check_names(v)

    @model_validator(mode="after")
    def _nonempty(self) -> "CoreModel":
        if not (self.forms or self.national):
            raise ValueError("an entry needs 'forms' or 'national'")
        return self


class BodiesModel(DataModel):
    national: list[CoreModel] = Field(default_factory=list)
    local: list[CoreModel] = Field(default_factory=list)
    party: list[CoreModel] = Field(default_factory=list)
    judicial: list[CoreModel] = Field(default_factory=list)


class PlacesModel(DataModel):
    province: list[str] = Field(default_factory=list)
    stop_chars: str = ""
    # words in which 等 is part of a name, not "etc." (高等院校, 中等职业学校, 平等就业促进会)
    etc_inside_words: list[Annotated[str, Field(min_length=2, max_length=4)]] = Field(default_factory=list)


class CatchAllModel(DataModel):
    names: list[str] = Field(default_factory=list)
    prefix: list[str] = Field(default_factory=list)
    suffix: list[str] = Field(default_factory=list)


class SuffixRuleModel(DataModel):
    kind: Kind
    suffix: list[str]


class ProbableModel(DataModel):
    variants: list[tuple[str, str]] = Field(default_factory=list)


class EnterpriseModel(DataModel):
    brands: list[str] = Field(default_factory=list)


class UnitNameModel(DataModel):
    """What a unit name the lexicon does not know may look like (looks_like_unit)."""
    # endings of real unit names besides the built-in ones (旗, 盟, 苏木, 嘎查 of Inner Mongolia)
    suffixes: list[str] = Field(default_factory=list)
    # openings that look like a verb or modal but start real names (应急管理部 starts with 应)
    start_exceptions: list[str] = Field(default_factory=list)
    # paired marks a name may hold ("三线"整治办, 《中国环境报》社)
    paired_marks: list[str] = Field(default_factory=list)


class FileModel(DataModel):
    schema_: Literal[1] = Field(alias="schema")
    unit_name: UnitNameModel = Field(default_factory=UnitNameModel)
    levels: dict[str, Level]
    place_level: dict[str, Level]
    places: PlacesModel = Field(default_factory=PlacesModel)
    bodies: BodiesModel
    probable: ProbableModel = Field(default_factory=ProbableModel)
    catch_all: CatchAllModel = Field(default_factory=CatchAllModel)
    enterprise: EnterpriseModel = Field(default_factory=EnterpriseModel)
    suffix_rule: list[SuffixRuleModel] = Field(default_factory=list)


_GROUP_KIND = {"national": "department", "local": "department", "party": "party",
               "judicial": "judicial"}


# ------------------------------------------------------------------------------- runtime model
@dataclass(eq=False)
class Core:
    ref: str                     # "bodies.local[12]" for messages
    group: str
    forms: tuple[str, ...]
    province: tuple[str, ...]
    national: tuple[str, ...]
    kind: str
    county_kind: str | None
    levels: tuple[str, ...]
    place_bare: bool
    variants: list["Core"] = field(default_factory=list)

    @property
    def party(self) -> bool:
        return self.group == "party"

    @property
    def key(self) -> str:
        return (self.forms or self.national)[0]

    def form_at(self, level: str | None) -> str:
        """Canonical name of the core at a level (None: written bare)."""
        if level == "national" and self.national:
            return self.national[0]
        if level == "province" and self.province:
            return self.province[0]
        return (self.forms or self.province or self.national)[0]

    def kind_at(self, level: str | None) -> str:
        if level in ("county", "township") and self.county_kind:
            return self.county_kind
        return self.kind


@dataclass(frozen=True)
class _Prefix:
    level: str | None            # national/province/city/county/township or None (bare)
    text: str                    # prefix as it will appear in the canonical name ("" if bare)
    place: bool                  # the prefix holds a place name (郑州市, 中共龙岩市委)
    token: str                   # level-only prefix for the level-only variant ("市"), or ""


def _entry_name(node) -> str | None:
    """A lexicon entry's name for messages: its first form (bodies.local[3] (规划局))."""
    if isinstance(node, dict) and ("forms" in node or "national" in node):
        names = node.get("forms") or node.get("national") or []
        return names[0] if isinstance(names, list) and names else "?"
    return None


class Lexicon:
    """A loaded, validated lexicon. Build one with :func:`load_lexicon`."""

    def __init__(self, m: FileModel, path: Path):
        self.path = path
        self.levels: dict[str, str] = dict(m.levels)
        self.place_level = sorted(m.place_level.items(), key=lambda kv: -len(kv[0]))
        self.provinces = frozenset(m.places.province)
        self.stop_chars = frozenset(m.places.stop_chars)
        self.etc_inside_words = frozenset(m.places.etc_inside_words)
        self.catch_names = frozenset(m.catch_all.names)
        self.catch_prefix = tuple(sorted(m.catch_all.prefix, key=len, reverse=True))
        self.catch_suffix = tuple(sorted(m.catch_all.suffix, key=len, reverse=True))
        self.brands = tuple(sorted(m.enterprise.brands, key=len, reverse=True))
        self.suffix_rules: list[tuple[str, str]] = []
        for rule in m.suffix_rule:
            for s in rule.suffix:
                self.suffix_rules.append((s, rule.kind))
        # longest suffix first, stable for equal length (file order decides)
        self.suffix_rules.sort(key=lambda sk: -len(sk[0]))
        # the same lookup by dict: one slice per suffix length instead of an endswith per suffix
        # (the first rule listed for a suffix wins, as in the list)
        self._suffix_kinds: dict[str, str] = {}
        for suffix, kind in self.suffix_rules:
            self._suffix_kinds.setdefault(suffix, kind)
        self._suffix_lengths = sorted({len(sk) for sk in self._suffix_kinds}, reverse=True)
        self.unit_name = m.unit_name
        self.cores: list[Core] = []
        self.gov_forms: dict[str, Core] = {}     # form -> core (non-party)
        self.party_forms: dict[str, Core] = {}   # form -> core (party)
        self.national: dict[str, Core] = {}      # national names, exact
        by_key: dict[str, Core] = {}
        for group in ("national", "local", "party", "judicial"):
            for i, cm in enumerate(getattr(m.bodies, group)):
                ref = f"bodies.{group}[{i}] ({(cm.forms or cm.national)[0]})"
                levels = tuple(cm.levels) if cm.levels is not None else (
                    LOCAL_LEVELS if cm.forms or cm.province else ())
                core = Core(ref=ref, group=group, forms=tuple(cm.forms),
                            province=tuple(cm.province), national=tuple(cm.national),
                            kind=cm.kind or _GROUP_KIND[group], county_kind=cm.county_kind,
                            levels=levels, place_bare=cm.place_bare)
                self.cores.append(core)
                table = self.party_forms if core.party else self.gov_forms
                for f in dict.fromkeys(core.forms + core.province + core.national):
                    other = table.get(f)
                    if other is not None and other is not core:
                        raise LexiconError(f"{path}: entry {ref}: form {f!r} is already claimed by "
                                           f"{other.ref}")
                    table[f] = core
                for f in core.national:
                    other = self.national.get(f)
                    if other is not None and other is not core:
                        raise LexiconError(f"{path}: entry {ref}: national name {f!r} is already "
                                           f"claimed by {other.ref}")
                    self.national[f] = core
                if core.key in by_key:
                    raise LexiconError(f"{path}: entry {ref}: canonical name {core.key!r} repeats "
                                       f"{by_key[core.key].ref}")
                by_key[core.key] = core
        for i, (a, b) in enumerate(m.probable.variants):
            ca, cb = by_key.get(a), by_key.get(b)
            for name, c in ((a, ca), (b, cb)):
                if c is None:
                    raise LexiconError(f"{path}: entry probable.variants[{i}] ({a} ~ {b}): "
                                       f"{name!r} is not the canonical form of any body")
            if ca is cb:
                raise LexiconError(f"{path}: entry probable.variants[{i}] ({a} ~ {b}): "
                                   f"a body cannot be a variant of itself")
            if cb not in ca.variants:
                ca.variants.append(cb)
            if ca not in cb.variants:
                cb.variants.append(ca)
        for f in self.catch_names:
            if not f:
                raise LexiconError(f"{path}: entry catch_all.names: empty name")
        self.all_forms = set(self.gov_forms) | set(self.party_forms)
        self.max_form = max((len(f) for f in self.all_forms), default=1)
        self.resolve = lru_cache(maxsize=1 << 17)(self._resolve)

    # --------------------------------------------------------------------------- prefixes
    def _place_level(self, place: str) -> tuple[str, str] | None:
        """(level, level token) from the end of a place name, ignoring a trailing (…)."""
        bare = re.sub(r"\([^()]*\)$", "", place)
        for suffix, level in self.place_level:
            if bare.endswith(suffix) and len(bare) > len(suffix):
                if suffix == "州" and len(bare) == 2:   # 郑州, 杭州: a city written without 市
                    return "city", "市"
                return level, suffix
        return None

    def _clean_place(self, p: str) -> bool:
        if not MIN_PLACE <= len(p) <= MAX_PLACE:
            return False
        if not _HAN.match(p):
            return False
        outer = re.sub(r"\([^()]*\)", "", p)
        return not any(c in self.stop_chars for c in outer) and len(outer) >= 2

    def _strip_brand(self, p: str) -> str:
        for b in ("国家电网", "国网", "人民银行", "人行", "中国人民银行", "国家税务总局"):
            if p.startswith(b) and len(p) > len(b):
                return p[len(b):]
        return p

    def _prefix(self, p: str, core: Core) -> _Prefix | None:
        """Parse what precedes a core form; None when it is not a level or place."""
        if not p:
            return _Prefix(None, "", False, "")
        if core.party:
            if p.endswith("委"):
                q = p[:-1]
                if q in self.levels and self.levels[q] != "national":
                    return _Prefix(self.levels[q], q + "委", False, q + "委")
                if q.startswith("中共"):
                    q2 = q[2:]
                    lv = self._place_level(q2) if q2 else None
                    if lv and self._clean_place(q2):
                        return _Prefix(lv[0], p, True, lv[1] + "委")
                    return None
                lv = self._place_level(q)
                if lv and self._clean_place(q):
                    return _Prefix(lv[0], p, True, lv[1] + "委")
                return None
            if p in ("中共中央", "中央"):
                return _Prefix("national", "", False, "")
            if p in self.levels and self.levels[p] != "national":
                return _Prefix(self.levels[p], p + "委", False, p + "委")
            lv = self._place_level(p)
            if lv and self._clean_place(p):
                return _Prefix(lv[0], p + "委", True, lv[1] + "委")
            return None
        if p in self.levels:
            lvl = self.levels[p]
            return _Prefix(lvl, "" if lvl == "national" else p, False, "" if lvl == "national" else p)
        for gov in ("人民政府", "政府"):
            if p.endswith(gov) and len(p) > len(gov) and core.kind != "government":
                return self._prefix(p[: -len(gov)], core)
        if not self._clean_place(p):
            return None
        lv = self._place_level(p)
        if lv:
            # 郑州市发改委 ~ 市发改委; a zone's 管委会 has no level-only counterpart
            token = "" if core.kind == "district" and core.place_bare else lv[1]
            return _Prefix(lv[0], p, True, token)
        place = self._strip_brand(p)
        if place in self.provinces:
            return _Prefix("province", p, True, "")
        if core.place_bare:
            # 郑州供电公司 ~ 市供电公司; 合肥海关 has no level-only counterpart
            return _Prefix("city", p, True, "市" if core.kind == "enterprise" else "")
        return None

    def _canonical(self, core: Core, pre: _Prefix, text: str | None = None) -> str:
        text = pre.text if text is None else text
        if pre.level == "national" or (pre.level is None and core.national and not core.forms
                                       and not core.province):
            return core.national[0] if core.national else core.form_at(None)
        return text + core.form_at(pre.level)

    def _build(self, core: Core, pre: _Prefix) -> Resolved:
        canonical = self._canonical(core, pre)
        variants: list[str] = []
        if pre.place and pre.text != self._strip_brand(pre.text):
            # 国网龙岩供电公司 ~ 龙岩供电公司
            variants.append("unit:" + self._canonical(core, pre, self._strip_brand(pre.text)))
        if pre.place and pre.token:
            variants.append("unit:" + self._canonical(core, pre, pre.token))
        for other in core.variants:
            if pre.level == "national" and not other.national:
                continue
            if other.party != core.party and pre.text:
                # cross party/government alias: rebuild the prefix for the other style
                base = pre.text[:-1] if core.party and pre.text.endswith("委") else pre.text
                text = base + "委" if other.party else base
            else:
                text = pre.text
            variants.append("unit:" + self._canonical(other, pre, text))
        variants = [v for v in dict.fromkeys(variants) if v != "unit:" + canonical]
        return Resolved("unit:" + canonical, canonical, core.kind_at(pre.level), True,
                        tuple(variants))

    # --------------------------------------------------------------------------- resolving
    def _match(self, s: str) -> Resolved | None:
        """Resolve a name without distributive prefix; None if no core form fits."""
        core = self.national.get(s)
        if core is not None:
            return self._build(core, _Prefix("national", "", False, ""))
        n = len(s)
        for i in range(max(0, n - self.max_form), n):
            form = s[i:]
            p = s[:i]
            cands = []
            party_style = p.endswith("委") or p.endswith("中央")
            g, pt = self.gov_forms.get(form), self.party_forms.get(form)
            cands = [c for c in ((pt, g) if party_style else (g, pt)) if c is not None]
            for core in cands:
                pre = self._prefix(p, core)
                if pre is not None:
                    if not p and form in core.province and form not in core.forms:
                        pre = _Prefix("province", "", False, "")   # bare 教育厅
                    return self._build(core, pre)
        return None

    def _is_catch_all(self, s: str) -> bool:
        if s in self.catch_names:
            return True
        return any(s.endswith(x) and len(s) > len(x) for x in self.catch_suffix) or \
            s in self.catch_suffix

    def _party_committee(self, s: str) -> bool:
        if not s.endswith("委") or len(s) < 2:
            return False
        q = s[:-1]
        if q.startswith("中共"):
            q = q[2:]
        if q in self.levels and self.levels[q] != "national":
            return True
        return bool(self._place_level(q)) and self._clean_place(q)

    def _suffix_kind(self, s: str) -> str:
        """The kind of the longest suffix rule ``s`` ends with (the first listed among equals)."""
        n, kinds = len(s), self._suffix_kinds
        for k in self._suffix_lengths:
            if k <= n:
                kind = kinds.get(s[n - k:])
                if kind is not None:
                    return kind
        return "other"

    def _resolve(self, name: str) -> Resolved:
        s = _fold(name)
        if not s:
            return Resolved("unit:", "", "other", False, ())
        r = self._resolve_folded(s)
        if r is None and s.endswith(")") and "(" in s:
            # trailing parenthesis holding another name of the same office: 市委文明办(创城办)
            head = s[: s.rindex("(")]
            if head:
                rh = self._resolve_folded(head)
                if rh is not None and rh.known:
                    return rh
        if r is None:
            return Resolved("unit:" + s, s, self._suffix_kind(s), False, ())
        return r

    def _resolve_folded(self, s: str) -> Resolved | None:
        # distributive / collective prefixes: 各X, 相关X, 属地X
        for pre in self.catch_prefix:
            if s.startswith(pre) and len(s) > len(pre):
                rest = s[len(pre):]
                if rest.startswith("、") or rest.startswith(","):
                    break
                r = self._resolve_folded(rest)
                if r is not None and r.known:
                    canonical = pre + r.canonical
                    variants = tuple(pre + v[5:] for v in r.variants)
                    return Resolved("unit:" + canonical, canonical, "catch_all", True,
                                    tuple("unit:" + v for v in variants))
                break
        if s in self.catch_names:
            return Resolved("unit:" + s, s, "catch_all", True, ())
        r = self._match(s)
        if r is not None:
            return r
        if self._is_catch_all(s):
            return Resolved("unit:" + s, s, "catch_all", True, ())
        if self._party_committee(s):
            return Resolved("unit:" + s, s, "party", True, ())
        for b in self.brands:
            if b in s and (s == b or self._suffix_kind(s) == "enterprise"):
                return Resolved("unit:" + s, s, "enterprise", True, ())
        return self._subunit(s)

    def _subunit(self, s: str) -> Resolved | None:
        """A known body followed by one of its own offices or branches (国家药监局…长三角分中心,
        市公安局交通管理支队): known, kind by the office's suffix, named parent canonical + rest."""
        kind = self._suffix_kind(s)
        if kind == "other" or len(s) < 5:
            return None
        for i in range(len(s) - 2, 1, -1):
            head, rest = s[:i], s[i:]
            if self._suffix_kind(rest) == "other":
                continue
            parent = self._match(head)
            if parent is not None and parent.kind != "catch_all":
                canonical = parent.canonical + rest
                return Resolved("unit:" + canonical, canonical, kind, True, ())
        return None

    # --------------------------------------------------------------------------- surface forms
    def surface_forms(self) -> list[str]:
        """Every Simplified surface form: bare, level-prefixed, national, catch-all."""
        out: dict[str, None] = {}
        level_tokens = {"province": ["省", "自治区"], "city": ["市", "州"], "county": ["区", "县", "旗"]}
        for core in self.cores:
            for f in core.national:
                out[f] = None
            for f in core.forms + core.province:
                out[f] = None
            for level in core.levels:
                forms = (core.province + core.forms) if level == "province" else core.forms
                for tok in level_tokens[level]:
                    for f in forms:
                        out[(tok + "委" + f) if core.party else (tok + f)] = None
        for f in self.catch_names:
            out[f] = None
        return [f for f in out if len(f) >= 2]


@lru_cache(maxsize=1 << 17)
def _fold(name: str) -> str:
    """The matching form of a unit name: :func:`extractor.normalise.fold`, brackets and commas
    half-width, a trailing 等 ("and others") dropped."""
    s = fold(name)
    s = s.replace("（", "(").replace("）", ")").replace("，", ",")
    while s.endswith("等") and len(s) > 1:
        s = s[:-1]
    return s


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read and validate a lexicon file (uncached). Raises LexiconError naming file and entry."""
    path = Path(path) if path is not None else DEFAULT_PATH
    return Lexicon(load_toml(path, FileModel, error=LexiconError, entry_name=_entry_name), path)


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once."""
    return load_lexicon(DEFAULT_PATH)


@lru_cache(maxsize=1 << 17)
def resolve_unit(name: str) -> Resolved:
    """Resolve a unit name (Traditional or Simplified, any width) to a stable id."""
    return get_lexicon().resolve(name)


@lru_cache(maxsize=1)
def _terms() -> tuple[str, ...]:
    simp = get_lexicon().surface_forms()
    trad = to_script("\n".join(simp), "traditional").split("\n")
    if len(trad) != len(simp):  # pragma: no cover - to_script is length-preserving
        trad = [to_script(s, "traditional") for s in simp]
    return tuple(dict.fromkeys(simp + trad))


def unit_terms() -> list[str]:
    """Every surface form the lexicon knows, Simplified and Traditional (for jieba / a matcher)."""
    return list(_terms())


# ------------------------------------------------------------------------------- looks_like_unit
_UNIT_SUFFIX = re.compile(
    r"(?:局|委|厅|部|办|办公室|办公厅|政府|管委会|中心|公司|集团|院|所|室|队|署|行|处|站|"
    r"委员会|协会|商会|学会|联合会|促进会|研究会|基金会|工会|总会|居委会|村委会|理事会|联盟|"
    r"单位|部门|机构|企业|运营商|海关|总社|指挥部|领导小组|工作组|小组|街道|乡镇|社区|学校|大学|"
    r"法院|检察院|银行|分行|支行|电厂|馆|社)$")
# Common words ending like a unit name that are not units.
_NOT_UNIT_WORDS = frozenset("""
全部 内部 外部 局部 干部 东部 西部 南部 北部 中部 头部 底部 顶部 前部 后部 上部 下部 基部 腹部 面部 尾部 背部 俱乐部
格局 布局 开局 大局 全局 结局 时局 变局 政局 棋局 当局 僵局 骗局 残局 定局 终局 出局 入局 破局
大厅 餐厅 客厅 展厅 门厅 原委
举办 承办 主办 协办 督办 交办 创办 开办 兴办 包办 代办 照办 查办 帮办 领办 合办 停办 试办 筹办 缓办 法办 经办 快办
好办 难办 速办 严办 专办 联办 通办 网办 首办 即办 怎么办 帮代办 一网通办 跨省通办
部署 签署 教室 卧室 温室 密室 暗室 场所 住所 处所 厕所 寓所 网站 驿站 团队 梯队 排队 插队
庭院 大院 四合院 进行 执行 运行 实行 推行 试行 先行 同行 可行 发行 施行 例行 出行 旅行 履行 言行 流行 银行业
好处 到处 各处 相处 之处 长处 用处 益处 难处 去处 出处 住处 深处 远处 近处 别处 此处 彼处 何处 短处 坏处 独处 共处
市中心 城市中心 中心 重心 核心 社会 机会 大会 开会 工作组 小组 领导小组 单位 部门 机构 企业 政府 集团 公司
""".split())
assert all(len(w) >= 2 for w in _NOT_UNIT_WORDS)      # looks_like_unit relies on it
# ... and those of them that a unit name may still end with (工作组, 公司, …): the others make a
# string that ends with them no unit name, whatever comes before
_NOT_UNIT_TAILS = _NOT_UNIT_WORDS - {"中心", "工作组", "小组", "领导小组", "单位", "部门", "机构", "企业", "政府",
                                      "集团", "公司"}
_NOT_UNIT_TAIL_LENGTHS = tuple(sorted({len(w) for w in _NOT_UNIT_TAILS}))


def _ends_with_non_unit_word(s: str) -> bool:
    """``s`` is one of the words, one character before one (every word has two characters or
    more), or ends with a word a unit name cannot end with: a dict lookup per word length instead
    of an ``endswith`` per word."""
    if s in _NOT_UNIT_WORDS or s[1:] in _NOT_UNIT_WORDS:
        return True
    n = len(s)
    return any(s[n - k:] in _NOT_UNIT_TAILS for k in _NOT_UNIT_TAIL_LENGTHS if k <= n)


_NOT_UNIT_START = re.compile(r"^(?:要|应|并|将|及时|全面|加强|推进|建立|健全|完善|推动|加快|支持|鼓励|"
                             r"开展|落实|做好|实施|按照|根据|通过|对|在|由|向|把|被|为|以|与|和|及|或|等)")
_BAD_CHARS = re.compile(r"[。!?！？;；:：,，\"“”《》0-9A-Za-z%]")
# Body names stay well under 40 characters (中共某某省委全面深化改革委员会办公室 has 18, with a
# long place prefix about 30); a longer string is a clause that happens to end like a name.
MAX_UNIT_NAME = 40


@lru_cache(maxsize=1)
def _unit_name_rules():
    m = get_lexicon().unit_name
    pairs = [p for p in m.paired_marks if len(p) == 2]
    paired = re.compile("|".join(f"{re.escape(a)}[^{re.escape(a + b)}]{{1,16}}{re.escape(b)}" for a, b in pairs)) \
        if pairs else None
    extra = re.compile("(?:" + "|".join(re.escape(x) for x in sorted(m.suffixes, key=len, reverse=True)) + ")$") \
        if m.suffixes else None
    return paired, extra, tuple(m.start_exceptions)


@lru_cache(maxsize=1 << 16)
def looks_like_unit(name: str) -> bool:
    """Is this string plausibly one unit name (used to split lists at 和/及 and reject non-units)?"""
    s = _fold(name)
    if not s or len(s) > MAX_UNIT_NAME:
        return False
    paired, extra_suffix, start_ok = _unit_name_rules()
    if paired is not None and _BAD_CHARS.search(s):
        # a quoted or titled part inside a name ("三线"整治办) stands for one word
        s = paired.sub("某某", s)
    if _BAD_CHARS.search(s):
        return False
    lex = get_lexicon()
    r = lex.resolve(s)
    if r.known:
        return True
    if len(s) < 3 or (_NOT_UNIT_START.search(s) and not s.startswith(start_ok)):
        return False
    if _ends_with_non_unit_word(s):
        return False
    return bool(_UNIT_SUFFIX.search(s)) or bool(extra_suffix is not None and extra_suffix.search(s))
