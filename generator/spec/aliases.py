"""YAML aliases, bounded before the document is built: a guard against alias bombs.

An alias makes the node it names appear again. PyYAML builds each node once and
shares it, so the loaded dict is small, but every later pass walks it as a tree:
ten levels of ten aliases each is ten billion nodes to walk. The composed node
graph is measured first, each shared node once (its expanded size memoized), and
a document whose aliases repeat too many nodes, or that contains itself, is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..diagnostics import join_pointer

__all__ = ["REPEATS_ALLOWED", "AliasProblem", "alias_problem", "may_have_anchors"]

# Nodes that aliases may repeat, or the document's own node count when that is
# larger: generous for reused responses and parameter lists (the whole v1beta spec
# is about 13,500 nodes), and a walk of that many more nodes takes well under a
# second in every later pass. Alias bombs repeat billions.
REPEATS_ALLOWED = 100_000

# An anchor (`&name`) starts a node: at the start, after whitespace or after a flow
# indicator. Without one there can be no alias (an undefined alias fails to parse),
# so most specs skip the measuring walk.
_ANCHOR = re.compile(r"(?:^|[\s\[{,:])&[^\s\[\]{},]")


def may_have_anchors(text: str) -> bool:
    return _ANCHOR.search(text) is not None


@dataclass(frozen=True, slots=True)
class AliasProblem:
    pointer: str
    line: int
    message: str


@dataclass(slots=True)
class _Frame:
    node: yaml.Node
    children: list[tuple[str, yaml.Node, int]]  # (pointer token, child, line)
    next: int = 0
    size: int = 1


def _children(node: yaml.Node) -> list[tuple[str, yaml.Node, int]]:
    if isinstance(node, yaml.MappingNode):
        found = []
        for key, value in node.value:
            line = key.start_mark.line + 1
            token = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            found += [(token, key, line), (token, value, line)]
        return found
    if isinstance(node, yaml.SequenceNode):
        # An alias in a sequence has no mark of its own (it is the anchored node),
        # so its line is the sequence's.
        line = node.start_mark.line + 1
        return [(str(index), item, line) for index, item in enumerate(node.value)]
    return []


def _measure(root: yaml.Node, bound: int) -> tuple[int, int, AliasProblem | None]:
    """(repeated nodes, distinct nodes, where the repeats first pass `bound` or where
    a node contains itself), without recursion (specs nest deeply)."""
    sizes: dict[int, int] = {}
    on_path = {id(root)}
    stack = [_Frame(root, _children(root))]
    repeated = 0
    where: AliasProblem | None = None
    while stack:
        frame = stack[-1]
        if frame.next == len(frame.children):
            stack.pop()
            on_path.discard(id(frame.node))
            sizes[id(frame.node)] = frame.size
            if stack:
                stack[-1].size += frame.size
            continue
        token, child, line = frame.children[frame.next]
        frame.next += 1
        known = sizes.get(id(child))
        if known is not None:  # seen before: this is an alias repeating it
            frame.size += known
            repeated += known
            if where is None and repeated > bound:
                where = AliasProblem(_pointer(stack, token), line, "")
        elif isinstance(child, yaml.ScalarNode):
            sizes[id(child)] = 1
            frame.size += 1
        elif id(child) in on_path:
            message = (
                "a YAML alias here refers to a node that contains it: the data would be infinite"
            )
            return repeated, len(sizes), AliasProblem(_pointer(stack, token), line, message)
        else:
            on_path.add(id(child))
            stack.append(_Frame(child, _children(child)))
    return repeated, len(sizes), where


def _pointer(stack: list[_Frame], token: str) -> str:
    tokens = [frame.children[frame.next - 1][0] for frame in stack[:-1]]
    return join_pointer("#", *tokens, token)


def alias_problem(root: yaml.Node) -> AliasProblem | None:
    """Why the document composed as `root` may not be built, or None."""
    repeated, distinct, where = _measure(root, REPEATS_ALLOWED)
    if where is not None and where.message:
        return where  # a node that contains itself
    bound = max(REPEATS_ALLOWED, distinct)
    if repeated <= bound:
        return None
    if bound > REPEATS_ALLOWED:
        _, _, where = _measure(root, bound)
    assert where is not None
    message = (
        f"YAML aliases would repeat {repeated} nodes, more than the {bound} allowed "
        "(an alias bomb?); they pass the bound here"
    )
    return AliasProblem(where.pointer, where.line, message)
