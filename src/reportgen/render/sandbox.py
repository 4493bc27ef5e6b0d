"""The Jinja environment templates run in: an allow-list sandbox with limits.

Templates travel between districts, so a template is untrusted input.  What it can reach holds by
construction:

* **Plain data only.**  :func:`template_data` copies the context into dicts, lists, tuples, str,
  Decimal, int, bool, None, dates and reportgen's own value classes (:data:`VALUE_CLASSES`), and
  refuses anything else.  Images and sub-documents are :class:`Embed` markers (an opaque token
  resolved after rendering, see :mod:`reportgen.render.docx`), never docxtpl or python-docx objects.
* **An allow-list** (:meth:`ReportEnvironment.is_safe_attribute` / ``is_safe_callable``): a
  template reads the fields of the value classes, a few non-growing ``str`` methods, ``keys``/
  ``values``/``items``/``get`` of a dict, the ``loop`` variable, and calls its own macros — nothing
  else.  The only global is a bounded ``range``; the filters are reportgen's and a list of
  built-in ones that cannot emit markup (no ``safe``, ``urlize``, ``xmlattr``, ``tojson``,
  ``format``, ``pprint``, ``random``).
* **No raw XML.**  Output is always escaped: ``|safe`` and ``Markup`` are absent, and
  ``{% autoescape %}``, ``{% include %}``/``{% import %}``/``{% extends %}`` are refused when the
  template is compiled.
* **Limits** (:class:`Limits`): loop iterations plus calls, the length of any one value, the text
  produced in total, and the wall time.  A template over a limit stops with :class:`TemplateLimit`.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import time
from collections import OrderedDict
from decimal import Decimal

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.filters import FILTERS
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import pass_context


@dataclasses.dataclass(frozen=True)
class Limits:
    steps: int = 1_000_000          # loop iterations + calls, per render (the examples: 552 and 753)
    string: int = 1_000_000         # characters of any one value
    output: int = 50_000_000        # characters produced in total (the examples count 1.2 M and 2.7 M)
    seconds: float = 120.0          # wall time of one render
    range: int = 100_000            # items of one range()
    digits: int = 10_000            # bits of an integer result (×0.3 = decimal digits)


class TemplateLimit(jinja2.exceptions.SecurityError):
    """A template went over a :class:`Limits` value; ``chinese`` says which, for the user."""

    def __init__(self, chinese: str):
        super().__init__(chinese)
        self.chinese = chinese


class TemplateRefused(jinja2.exceptions.SecurityError):
    """A construct templates may not use (found when compiling); ``chinese`` names it."""

    def __init__(self, chinese: str, lineno: int | None = None):
        super().__init__(chinese)
        self.chinese = chinese
        self.lineno = lineno


class Embed:
    """An image or a sub-document as a template sees it: an opaque token, nothing to reach into.

    Printing it (``{{ charts.total }}``) leaves the token in the rendered XML, where the renderer
    puts the real picture or document after Jinja is done.
    """

    __slots__ = ("_token",)
    PREFIX, SUFFIX = "\ue000reportgen-embed-", "\ue001"

    def __init__(self, n: int):
        object.__setattr__(self, "_token", f"{self.PREFIX}{n}{self.SUFFIX}")

    def __setattr__(self, name, value):
        raise AttributeError(name)

    def __str__(self) -> str:
        return self._token

    def __html__(self) -> str:       # the token is plain ASCII inside private-use marks: nothing to escape
        return self._token

    def __repr__(self) -> str:
        return "<图片或插入的文档>"


# -- plain data ---------------------------------------------------------------------------------

def _value_classes() -> dict[type, frozenset[str]]:
    """reportgen's value classes templates may read, with their readable fields and properties."""
    from ..compute import Change, Completion, Part, Section

    out = {}
    for cls in (Change, Completion, Part, Section):
        names = {f.name for f in dataclasses.fields(cls)}
        for klass in cls.__mro__:
            names |= {k for k, v in vars(klass).items() if isinstance(v, property)}
        out[cls] = frozenset(n for n in names if not n.startswith("_"))
    return out


VALUE_CLASSES = _value_classes()
_SCALARS = (str, bool, int, Decimal, _dt.date, type(None), Embed)


def _hidden_types() -> tuple[type, ...]:
    """The reader's bookkeeping (cells, places) some computed records carry for the checks'
    messages: not data a template prints, so it is left out of the template data."""
    from ..errors import Where
    from ..workbook.reader import Cell, Record

    return (Where, Cell, Record)


_HIDDEN = _hidden_types()
_OMIT = object()


def template_data(value, _path: str = "context"):
    """A copy of ``value`` made of plain data and value classes only (see the module docstring).

    Anything else is a reportgen bug (a context builder handing templates a live object) and
    raises ``TypeError``.
    """
    if isinstance(value, _SCALARS) or isinstance(value, float):
        return value
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, (str, int)):
                raise TypeError(f"template data {_path}: key of type {type(k).__name__}")
            v = template_data(v, f"{_path}.{k}")
            if v is not _OMIT:
                out[k] = v
        return out
    if isinstance(value, (list, tuple)):
        items = [template_data(v, f"{_path}[{i}]") for i, v in enumerate(value)]
        items = [v for v in items if v is not _OMIT]
        return tuple(items) if isinstance(value, tuple) else items
    if type(value) in VALUE_CLASSES:
        for name, v in vars(value).items():        # fields and data set on the instance (Section.caption)
            _check(v, f"{_path}.{name}")
        return value
    if isinstance(value, _HIDDEN):
        return _OMIT
    raise TypeError(f"template data {_path}: {type(value).__module__}.{type(value).__qualname__} is not plain data")


def _check(value, path: str) -> None:
    """Like :func:`template_data` inside a value class, where the object is kept as it is."""
    if isinstance(value, _SCALARS) or isinstance(value, float):
        return
    if isinstance(value, dict):
        for k, v in value.items():
            _check(k, path)
            _check(v, f"{path}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _check(v, f"{path}[{i}]")
    elif type(value) in VALUE_CLASSES:
        for name, v in vars(value).items():
            _check(v, f"{path}.{name}")
    else:
        raise TypeError(f"template data {path}: {type(value).__module__}.{type(value).__qualname__} is not plain data")


# -- the allow-list -----------------------------------------------------------------------------

STR_METHODS = frozenset("""strip lstrip rstrip startswith endswith lower upper title capitalize split rsplit
    splitlines find rfind count isdigit isspace isalpha isalnum isnumeric isdecimal partition rpartition
    removeprefix removesuffix""".split())
DICT_METHODS = frozenset({"keys", "values", "items", "get"})
SEQ_METHODS = frozenset({"index", "count"})
LOOP_ATTRS = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth",
                        "depth0", "previtem", "nextitem", "cycle", "changed"})
DATE_ATTRS = frozenset({"year", "month", "day"})

# built-in filters that neither emit markup nor grow text beyond their input
SAFE_FILTERS = frozenset("""abs capitalize count d default dictsort e escape first float groupby int items join
    last length list lower map max min reject rejectattr replace reverse round select selectattr sort string
    striptags sum title trim truncate unique upper wordcount""".split())


# what a template may read or call on the built-in types it is given (one table for both)
_BUILTIN_NAMES = ((str, STR_METHODS), (dict, DICT_METHODS), ((list, tuple), SEQ_METHODS),
                  (LoopContext, LOOP_ATTRS), (_dt.date, DATE_ATTRS))


def _builtin_names(obj) -> frozenset | None:
    """The attribute and method names allowed on ``obj`` when it is a built-in type, else None."""
    return next((names for types, names in _BUILTIN_NAMES if isinstance(obj, types)), None)


def _allowed_method(obj) -> bool:
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if owner is None or name.startswith("_"):
        return False
    return name in (_builtin_names(owner) or ())


class _Budget:
    def __init__(self, limits: Limits):
        self.limits = limits
        self.steps = 0
        self.output = 0
        self.deadline = time.monotonic() + limits.seconds

    def step(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > self.limits.steps:
            raise TemplateLimit(f"循环和调用超过 {self.limits.steps:,} 次（是否有嵌套过深或过大的循环？）")
        if self.steps % 1024 == 0 and time.monotonic() > self.deadline:
            raise TemplateLimit(f"运行超过 {self.limits.seconds:g} 秒")

    def produce(self, n: int) -> None:
        self.output += n
        if self.output > self.limits.output:
            raise TemplateLimit(f"生成的文字超过 {self.limits.output:,} 个字符")

    def text(self, value):
        if isinstance(value, str) and len(value) > self.limits.string:
            raise TemplateLimit(f"生成的文字过长（一处超过 {self.limits.string:,} 个字符）")
        if isinstance(value, (list, tuple)) and len(value) > self.limits.string:
            raise TemplateLimit(f"生成的列表过长（超过 {self.limits.string:,} 项）")
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > self.limits.digits:
            raise TemplateLimit("数字过大")
        return value


class _Guarded:
    """A loop's iterable that counts each iteration (and the text its body repeats)."""

    def __init__(self, budget: _Budget, iterable, body_size: int):
        self._budget, self._iterable, self._size = budget, iterable, body_size

    def __len__(self):
        return len(self._iterable)      # TypeError when it has none: LoopContext handles that

    def __iter__(self):
        step, produce, size = self._budget.step, self._budget.produce, self._size
        for item in self._iterable:
            step()
            if size:
                produce(size)
            yield item


class _CodeGenerator(CodeGenerator):
    def _output_child_to_const(self, node, frame, finalize):
        # only the template's own text is made a constant when compiling: ``{{ 1234|amt }}`` runs
        # when rendering, with the rendering document's filters and finalize (compiled code is
        # shared between documents, see ReportEnvironment.compile)
        if not isinstance(node, nodes.TemplateData):
            raise nodes.Impossible()
        return super()._output_child_to_const(node, frame, finalize)

    def visit_Concat(self, node, frame):
        # ``a ~ b``: the joined text is checked against the length limit
        self.write("environment.rg_budget.text(")
        super().visit_Concat(node, frame)
        self.write(")")


_REFUSED = (
    (nodes.Extends, "{% extends %}"), (nodes.Include, "{% include %}"), (nodes.Import, "{% import %}"),
    (nodes.FromImport, "{% from … import %}"), (nodes.ScopedEvalContextModifier, "{% autoescape %}"),
    (nodes.EvalContextModifier, "{% autoescape %}"),
)


# compiled template code by (text, name, and the environment's settings and filter names): the code
# holds no object of the environment that compiled it (``environment`` is bound when a template is
# made from it), so another document's environment — its own filters, budget and limits — runs it
_COMPILED: "OrderedDict[tuple, object]" = OrderedDict()
_COMPILED_KEPT = 256                     # a document: a few template parts and some 60 fragments


class ReportEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox of the module docstring.  One instance renders one document."""

    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "%", "**"])
    code_generator_class = _CodeGenerator

    def __init__(self, limits: Limits | None = None):
        # optimized=False and _CodeGenerator: no filter is run while compiling (Jinja would fold
        # ``{{ 1234|amt }}`` into a constant with the compiling document's filters), so the compiled
        # code depends on the template's text and the filters' names only, and documents can
        # share it (compile)
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True, trim_blocks=False,
                         lstrip_blocks=False, finalize=self._finalize, optimized=False)
        self.limits = limits or Limits()
        self.rg_budget = _Budget(self.limits)
        self.globals.clear()
        self.globals["range"] = self._range
        self.filters = {name: self._sized(FILTERS[name]) for name in SAFE_FILTERS}
        self.filters["join"] = self._sized(self._join)
        self.filters["replace"] = self._sized(self._replace)
        self.filters["_rg_loop"] = self._loop
        self.concat = self._concat

    # -- what a template may reach
    def is_safe_attribute(self, obj, attr, value) -> bool:
        if attr.startswith("_"):
            return False
        names = _builtin_names(obj)
        if names is not None:
            return attr in names
        allowed = VALUE_CLASSES.get(type(obj))
        if allowed is None:
            return False
        return attr in allowed or (attr in vars(obj) and not callable(value))

    def is_safe_callable(self, obj) -> bool:
        if isinstance(obj, Macro) or obj == self._range or isinstance(obj, LoopContext):
            return True
        return _allowed_method(obj)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        if not __self.is_safe_callable(__obj):
            name = getattr(__obj, "__name__", None) or type(__obj).__name__
            raise TemplateRefused(f"不能调用“{name}”")
        __self.rg_budget.step()
        return __self.rg_budget.text(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context, operator, left, right):
        lim = self.limits
        if operator == "%" and isinstance(left, str):
            raise TemplateRefused("不能用“%”格式化文字（请用过滤器，如 amt、pct）")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * max(n, 0) > lim.string:
                    raise TemplateLimit(f"生成的文字过长（一处超过 {lim.string:,} 个字符）")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > lim.digits:
                raise TemplateLimit("数字过大")
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)) \
                and len(left) + len(right) > lim.string:
            raise TemplateLimit(f"生成的文字过长（一处超过 {lim.string:,} 个字符）")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) \
                and abs(right) * max(abs(left), 2).bit_length() > lim.digits:
            raise TemplateLimit("数字过大")
        return self.rg_budget.text(self.binop_table[operator](left, right))

    # -- compiled once per process: a district build renders the same template parts and layout
    # fragments for every department, and compiling a 预算 document part costs more than rendering it
    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        if raw or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)
        key = (source, name, filename, defer_init, self._code_shape())
        code = _COMPILED.get(key)
        if code is None:
            code = super().compile(source, name, filename, raw, defer_init)   # refusals raise, uncached
            _COMPILED[key] = code
            while len(_COMPILED) > _COMPILED_KEPT:
                _COMPILED.popitem(last=False)
        else:
            _COMPILED.move_to_end(key)
        return code

    def _code_shape(self) -> tuple:
        """Everything of the environment that shapes the code Jinja generates."""
        return (type(self), self.block_start_string, self.block_end_string, self.variable_start_string,
                self.variable_end_string, self.comment_start_string, self.comment_end_string,
                self.line_statement_prefix, self.line_comment_prefix, self.trim_blocks, self.lstrip_blocks,
                self.newline_sequence, self.keep_trailing_newline, tuple(sorted(self.extensions)),
                self.is_async, self.autoescape if not callable(self.autoescape) else id(self.autoescape),
                self.finalize is None, type(self.undefined), tuple(sorted(self.filters)),
                tuple(sorted(self.tests)), self.intercepted_binops, self.intercepted_unops, self.optimized)

    # -- compile-time checks: refused statements, and every loop counted
    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        for node_type, label in _REFUSED:
            node = tree.find(node_type)
            if node is not None:
                raise TemplateRefused(f"不能使用 {label}", node.lineno)
        for loop in tree.find_all(nodes.For):
            size = sum(len(d.data) for d in loop.find_all(nodes.TemplateData))
            loop.iter = nodes.Filter(loop.iter, "_rg_loop", [nodes.Const(size)], [], None, None,
                                     lineno=loop.lineno)
        tree.set_environment(self)
        return tree

    # -- hooks
    def _range(self, *args):
        r = range(*args)
        if len(r) > self.limits.range:
            raise TemplateLimit(f"range() 最多 {self.limits.range:,} 个数")
        return r

    @pass_context
    def _loop(self, context, iterable, body_size=0):
        return _Guarded(self.rg_budget, iterable, max(0, int(body_size)) if isinstance(body_size, int) else 0)

    def _finalize(self, value):
        if type(value) is str and Embed.PREFIX[0] in value:
            # a marker turned into text by a filter (``|upper``): it could not be resolved any more
            raise TemplateRefused("图片和插入的 Word 文件只能用 {{ … }} 原样插入，不能加过滤器或与文字连接")
        self.rg_budget.produce(len(value) if isinstance(value, str) else 16)
        return value

    def _concat(self, chunks) -> str:
        out, budget = [], self.rg_budget
        total = 0
        for chunk in chunks:
            total += len(chunk)
            if total > self.limits.output:
                raise TemplateLimit(f"生成的文字超过 {self.limits.output:,} 个字符")
            out.append(chunk)
        budget.step()
        return "".join(out)

    def _sized(self, fn):
        """``fn`` with its result checked against the length limits."""
        def wrapper(*args, **kwargs):
            return self.rg_budget.text(fn(*args, **kwargs))
        if hasattr(fn, "jinja_pass_arg"):
            wrapper.jinja_pass_arg = fn.jinja_pass_arg      # type: ignore[attr-defined]
        wrapper.__name__ = getattr(fn, "__name__", "filter")
        return wrapper

    def install(self, filters: dict) -> None:
        """Add filters (reportgen's own), with the same length check as the built-in ones."""
        self.filters.update({name: self._sized(fn) for name, fn in filters.items()})

    # -- filters whose result could grow beyond the limit before it is checked

    def _join(self, eval_ctx, value, d="", attribute=None):
        items = list(value)
        self.rg_budget.text(items)
        size = len(str(d)) * len(items)
        for item in items:
            size += len(str(item)) if isinstance(item, str) else 32
        if size > self.limits.string:
            raise TemplateLimit(f"生成的文字过长（一处超过 {self.limits.string:,} 个字符）")
        return FILTERS["join"](eval_ctx, items, d, attribute)

    def _replace(self, eval_ctx, s, old, new, count=None):
        text = str(s)
        n = text.count(str(old)) if str(old) else len(text) + 1
        if count is not None and isinstance(count, int):
            n = min(n, max(count, 0))
        if len(text) + n * max(len(str(new)) - len(str(old)), 0) > self.limits.string:
            raise TemplateLimit(f"生成的文字过长（一处超过 {self.limits.string:,} 个字符）")
        return FILTERS["replace"](eval_ctx, s, old, new, count)


# ``join`` and ``replace`` take the eval context like Jinja's own
ReportEnvironment._join.jinja_pass_arg = FILTERS["join"].jinja_pass_arg          # type: ignore[attr-defined]
ReportEnvironment._replace.jinja_pass_arg = FILTERS["replace"].jinja_pass_arg    # type: ignore[attr-defined]

__all__ = ["Embed", "Limits", "ReportEnvironment", "TemplateLimit", "TemplateRefused", "template_data"]
