"""The names of the dashboards' rows: ISCO groups (the major groups translated, deeper
groups in Dutch on Dutch pages from ``taxonomy/isco_names.py``, ESCO's English label
otherwise), ESCO occupations in the page's language, and skills (Werkbrug's Dutch name
where the catalogue has one). Also where the occupation tables look (``group_caption``).
The rows of an occupation breakdown are laid out in ``tables.group_rows``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from marketplace.database import read_session
from marketplace.insights.queries import isco_level_of
from marketplace.taxonomy.isco_names import isco_group_name, isco_group_names
from marketplace.taxonomy.models import IscoGroup, Occupation, Skill, skill_label
from marketplace.web.labels import choice_label


def isco_labels(codes) -> dict[str, str]:
    """English ESCO labels of ISCO groups by code."""
    codes = list(codes)
    if not codes:
        return {}
    return dict(
        read_session().execute(
            select(IscoGroup.code, IscoGroup.label_en).where(IscoGroup.code.in_(codes))
        ).all()
    )


def occupation_labels(ids, locale: str) -> dict[str, str]:
    """Labels of ESCO occupations in ``locale``, by id as text."""
    ids = [int(i) for i in ids if str(i).isdigit()]
    if not ids:
        return {}
    column = Occupation.label_en if locale == "en" else Occupation.label_nl
    return {
        str(i): label
        for i, label in read_session().execute(
            select(Occupation.id, column).where(Occupation.id.in_(ids))
        )
    }


def skill_labels(ids, locale: str) -> dict[str, tuple[str, str | None]]:
    """Skills by id as text: the name a page in ``locale`` shows (Werkbrug's Dutch name
    on a Dutch page where the catalogue has one, else ESCO's English label) and the
    language of that name when it is not the page's."""
    ids = [int(i) for i in ids]
    if not ids:
        return {}
    rows = read_session().execute(
        select(Skill.id, Skill.label_en, Skill.label_nl).where(Skill.id.in_(ids))
    )
    page_language = "en" if locale == "en" else "nl"
    named = {str(i): skill_label(dutch, english, locale) for i, english, dutch in rows}
    return {i: (label, None if language == page_language else language)
            for i, (label, language) in named.items()}


@dataclass(frozen=True)
class GroupLabel:
    text: str
    lang: str | None
    is_data: bool


def group_labels(group: str, keys, locale: str) -> dict[str, GroupLabel]:
    """Labels of the groups one level below ``group``: translated names of the ISCO
    major groups, the Dutch names of deeper groups on Dutch pages (ESCO's English
    labels otherwise, and for a code without a Dutch name), ESCO occupations in the
    user's language."""
    level = isco_level_of(group)
    if level == 1:
        return {key: GroupLabel(choice_label("isco_major", key), None, False) for key in keys}
    if level <= 4:
        keys = list(keys)
        dutch = isco_group_names(keys, locale)
        other = "en" if locale != "en" else None
        labels = {
            key: GroupLabel(label, other, True) for key, label in isco_labels(keys).items()
        }
        labels.update({key: GroupLabel(name, None, True) for key, name in dutch.items()})
        return labels
    return {
        key: GroupLabel(label, None, True)
        for key, label in occupation_labels(keys, locale).items()
    }


def group_caption(group: str, locale: str) -> str:
    """Where the occupation tables look: all groups, or inside one group."""
    if not group:
        return ""
    if len(group) == 1:
        name = choice_label("isco_major", group)
    else:
        name = isco_group_name(group, locale) or isco_labels([group]).get(group, group)
    return f"{group} {name}"
