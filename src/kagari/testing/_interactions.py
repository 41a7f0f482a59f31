"""The ``data`` of component clicks and modal submits, checked like Discord's client would.

Values are checked the way Discord's client would enforce them (a select only offers
its options, a required text input cannot be left empty...), so a test cannot send
what no user could.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kagari.models import (
    Attachment,
    ComponentType,
    Member,
    PartialChannel,
    Role,
    User,
)
from kagari.testing._options import InvalidInteraction, Resolved
from kagari.testing.results import walk_components

__all__ = ["component_data", "find_in_message", "modal_data"]

_SELECTS = {
    int(ComponentType.STRING_SELECT): "string select",
    int(ComponentType.USER_SELECT): "user select",
    int(ComponentType.ROLE_SELECT): "role select",
    int(ComponentType.MENTIONABLE_SELECT): "mentionable select",
    int(ComponentType.CHANNEL_SELECT): "channel select",
}
_BUTTON = int(ComponentType.BUTTON)
_TEXT_INPUT = int(ComponentType.TEXT_INPUT)
_FILE_UPLOAD = int(ComponentType.FILE_UPLOAD)
_RADIO_GROUP = int(ComponentType.RADIO_GROUP)
_CHECKBOX_GROUP = int(ComponentType.CHECKBOX_GROUP)
_CHECKBOX = int(ComponentType.CHECKBOX)
_LABEL = int(ComponentType.LABEL)
_ACTION_ROW = int(ComponentType.ACTION_ROW)
_TEXT_DISPLAY = int(ComponentType.TEXT_DISPLAY)


# -- components -----------------------------------------------------------------------------


def infer_component_type(values: Sequence[Any] | None) -> int:
    """The component a click with these values most plausibly came from."""
    if values is None:
        return _BUTTON
    kinds = set()
    for value in values:
        if isinstance(value, (User, Member)):
            kinds.add(int(ComponentType.USER_SELECT))
        elif isinstance(value, Role):
            kinds.add(int(ComponentType.ROLE_SELECT))
        elif isinstance(value, PartialChannel):
            kinds.add(int(ComponentType.CHANNEL_SELECT))
        else:
            kinds.add(int(ComponentType.STRING_SELECT))
    if kinds == {int(ComponentType.USER_SELECT), int(ComponentType.ROLE_SELECT)}:
        return int(ComponentType.MENTIONABLE_SELECT)
    if len(kinds) == 1:
        return kinds.pop()
    return int(ComponentType.STRING_SELECT)


def synthetic_component(custom_id: str, component_type: int, values: Sequence[Any] | None) -> Any:
    """The component JSON for a message the client never saw (built for the click)."""
    if component_type == _BUTTON:
        return {"type": _BUTTON, "style": 1, "label": custom_id[:80], "custom_id": custom_id}
    component: dict[str, Any] = {"type": component_type, "custom_id": custom_id}
    count = len(values or ())
    component.update(min_values=min(count, 1), max_values=max(count, 1))
    if component_type == int(ComponentType.STRING_SELECT):
        component["options"] = [
            {"label": str(value), "value": str(value)} for value in values or ()
        ]
    return {"type": _ACTION_ROW, "components": [component]}


def component_data(
    custom_id: str,
    values: Sequence[Any] | None,
    component: Mapping[str, Any],
    resolved: Resolved,
) -> dict[str, Any]:
    """The ``data`` of a click on ``component`` (a button, or a select with ``values``).

    Raises:
        InvalidInteraction: The component is disabled, a button got values, a select got
            none or values it does not offer, or too few/many.
    """
    kind = int(component.get("type", 0))
    label = f"component {custom_id!r}"
    if component.get("disabled"):
        raise InvalidInteraction(f"{label} is disabled, so nobody can use it")
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": kind}
    if isinstance(component.get("id"), int):
        data["id"] = component["id"]
    if kind == _BUTTON:
        if values is not None:
            raise InvalidInteraction(f"{label} is a button; buttons send no values")
        return data
    if kind not in _SELECTS:
        raise InvalidInteraction(f"{label} is a type {kind} component, which cannot be used")
    if values is None:
        raise InvalidInteraction(f"{label} is a {_SELECTS[kind]}; pass values=[...]")
    data["values"] = _select_values(kind, list(values), component, label, resolved, True)
    found = resolved.to_json()
    if found is not None:
        data["resolved"] = found
    return data


def _select_values(
    kind: int,
    values: list[Any],
    component: Mapping[str, Any],
    label: str,
    resolved: Resolved,
    required: bool,
) -> list[str]:
    minimum = int(component.get("min_values", 1 if required else 0))
    maximum = int(component.get("max_values", 1))
    if not minimum <= len(values) <= maximum:
        raise InvalidInteraction(
            f"{label}: {len(values)} value(s) chosen, but it takes between {minimum} and {maximum}"
        )
    if kind == int(ComponentType.STRING_SELECT):
        offered = [str(option.get("value")) for option in component.get("options") or []]
        for value in values:
            if not isinstance(value, str) or value not in offered:
                raise InvalidInteraction(
                    f"{label}: {value!r} is not one of its options: {', '.join(offered)}"
                )
        return [str(value) for value in values]
    out: list[str] = []
    for value in values:
        if kind == int(ComponentType.USER_SELECT):
            if isinstance(value, (Role, PartialChannel)):
                raise InvalidInteraction(f"{label}: a user select cannot pick {value!r}")
            out.append(resolved.user(value, label))
        elif kind == int(ComponentType.ROLE_SELECT):
            if isinstance(value, (User, Member, PartialChannel)):
                raise InvalidInteraction(f"{label}: a role select cannot pick {value!r}")
            out.append(resolved.role(value, label))
        elif kind == int(ComponentType.MENTIONABLE_SELECT):
            if isinstance(value, Role):
                out.append(resolved.role(value, label))
            elif isinstance(value, PartialChannel):
                raise InvalidInteraction(f"{label}: a mentionable select cannot pick {value!r}")
            else:
                out.append(resolved.user(value, label))
        else:
            allowed = component.get("channel_types")
            out.append(resolved.channel(value, label, list(allowed) if allowed else None))
    return out


def find_in_message(message: Mapping[str, Any], custom_id: str) -> dict[str, Any] | None:
    """The component with ``custom_id`` in a message's component tree."""
    for component in walk_components(message.get("components")):
        if component.get("custom_id") == custom_id:
            return component
    return None


# -- modals ---------------------------------------------------------------------------------


def modal_data(
    custom_id: str,
    fields: Mapping[str, Any],
    modal: Mapping[str, Any] | None,
    resolved: Resolved,
) -> dict[str, Any]:
    """The ``data`` of a submitted modal.

    With the modal the bot opened (``modal``), the submission follows its layout and
    every input is checked; without it, each field becomes a label around the input its
    value suggests (text input for ``str``, checkbox for ``bool``, select for lists...).

    Raises:
        InvalidInteraction: A field the modal does not have, a required input left
            empty, text too long or short, or a value an input does not offer.
    """
    if modal is None:
        components = [_guessed_field(name, value, resolved) for name, value in fields.items()]
    else:
        components = _follow_layout(custom_id, fields, modal, resolved)
    data: dict[str, Any] = {"custom_id": custom_id, "components": components}
    found = resolved.to_json()
    if found is not None:
        data["resolved"] = found
    return data


def _follow_layout(
    custom_id: str, fields: Mapping[str, Any], modal: Mapping[str, Any], resolved: Resolved
) -> list[dict[str, Any]]:
    inputs = [
        component
        for component in walk_components(modal.get("components"))
        if isinstance(component.get("custom_id"), str)
    ]
    known = [str(component["custom_id"]) for component in inputs]
    for name in fields:
        if name not in known:
            raise InvalidInteraction(
                f"modal {custom_id!r} has no field {name!r}; its fields are: "
                f"{', '.join(known) or 'none'}"
            )
    out: list[dict[str, Any]] = []
    for top in modal.get("components") or []:
        kind = int(top.get("type", 0))
        if kind == _LABEL and isinstance(top.get("component"), dict):
            child = _submitted(custom_id, top["component"], fields, resolved)
            out.append(_with_id({"type": _LABEL, "component": child}, top))
        elif kind == _ACTION_ROW:
            row = [
                _submitted(custom_id, child, fields, resolved)
                for child in top.get("components") or []
                if isinstance(child, dict)
            ]
            out.append(_with_id({"type": _ACTION_ROW, "components": row}, top))
        elif kind == _TEXT_DISPLAY:
            out.append(_with_id({"type": _TEXT_DISPLAY}, top))
    return out


def _with_id(submitted: dict[str, Any], declared: Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(declared.get("id"), int):
        submitted["id"] = declared["id"]
    return submitted


def _submitted(
    modal_id: str, declared: Mapping[str, Any], fields: Mapping[str, Any], resolved: Resolved
) -> dict[str, Any]:
    kind = int(declared.get("type", 0))
    name = str(declared.get("custom_id", ""))
    label = f"modal {modal_id!r} field {name!r}"
    required = bool(declared.get("required", True))
    given = fields.get(name)
    out = _with_id({"type": kind, "custom_id": name}, declared)
    if kind == _TEXT_INPUT:
        text = "" if given is None else given
        if not isinstance(text, str):
            raise InvalidInteraction(f"{label}: a text input takes a str, got {text!r}")
        if required and not text:
            raise InvalidInteraction(f"{label} is required; Discord will not submit it empty")
        minimum = int(declared.get("min_length", 0))
        maximum = int(declared.get("max_length", 4000))
        if text and not minimum <= len(text) <= maximum:
            raise InvalidInteraction(
                f"{label}: {len(text)} characters, but it takes between {minimum} and {maximum}"
            )
        out["value"] = text
    elif kind == _CHECKBOX:
        if given is not None and not isinstance(given, bool):
            raise InvalidInteraction(f"{label}: a checkbox takes a bool, got {given!r}")
        out["value"] = bool(given)
    elif kind == _RADIO_GROUP:
        offered = [str(option.get("value")) for option in declared.get("options") or []]
        if given is None:
            if required:
                raise InvalidInteraction(f"{label} is required; pick one of: {', '.join(offered)}")
            out["value"] = None
        elif given not in offered:
            raise InvalidInteraction(
                f"{label}: {given!r} is not one of its options: {', '.join(offered)}"
            )
        else:
            out["value"] = given
    elif kind == _CHECKBOX_GROUP:
        chosen = _as_list(given)
        offered = [str(option.get("value")) for option in declared.get("options") or []]
        for value in chosen:
            if value not in offered:
                raise InvalidInteraction(
                    f"{label}: {value!r} is not one of its options: {', '.join(offered)}"
                )
        _check_count(declared, chosen, label, required)
        out["values"] = [str(value) for value in chosen]
    elif kind == _FILE_UPLOAD:
        chosen = _as_list(given)
        _check_count(declared, chosen, label, required)
        out["values"] = [resolved.attachment(value, label) for value in chosen]
    elif kind in _SELECTS:
        chosen = _as_list(given)
        out["values"] = _select_values(kind, chosen, declared, label, resolved, required)
    else:
        raise InvalidInteraction(f"{label}: a type {kind} input cannot be filled in")
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _check_count(
    declared: Mapping[str, Any], chosen: list[Any], label: str, required: bool
) -> None:
    minimum = int(declared.get("min_values", 1 if required else 0))
    maximum = int(declared.get("max_values", max(1, minimum)))
    if not minimum <= len(chosen) <= maximum:
        raise InvalidInteraction(
            f"{label}: {len(chosen)} value(s) chosen, but it takes between {minimum} and {maximum}"
        )


def _guessed_field(name: str, value: Any, resolved: Resolved) -> dict[str, Any]:
    label = f"modal field {name!r}"
    child: dict[str, Any] = {"custom_id": name}
    items = _as_list(value)
    if isinstance(value, bool):
        child.update(type=_CHECKBOX, value=value)
    elif isinstance(value, str):
        child.update(type=_TEXT_INPUT, value=value)
    elif items and all(isinstance(item, Attachment) for item in items):
        child.update(type=_FILE_UPLOAD, values=[resolved.attachment(i, label) for i in items])
    elif items and all(
        isinstance(item, (str, User, Member, Role, PartialChannel)) for item in items
    ):
        kind = infer_component_type(items)
        spec: dict[str, Any] = {"max_values": len(items), "min_values": 0}
        if kind == int(ComponentType.STRING_SELECT):
            spec["options"] = [{"value": item} for item in items]
        child.update(type=kind, values=_select_values(kind, items, spec, label, resolved, False))
    else:
        raise InvalidInteraction(
            f"{label}: cannot tell which input {value!r} comes from; pass a str (text input), "
            f"a bool (checkbox), a list of str (select) or factory objects"
        )
    return {"type": _LABEL, "component": child}
