"""Computed health: one table of rules that gives both the SQL rank (``rank``) and the words (``reasons``).

A project in the pilot or rollout phase needs an AI-ethics check of the current checklist accepted within a year
(``ethics_unchecked``, annotated by ``ProjectQuerySet.with_health``).

Each rule reads one figure the project queryset annotates (``ProjectQuerySet.with_health``) and rates it amber
from one threshold and red from another; the worst rule decides. A project's self-reported RAG better than its
computed health is a reason too ("ratings to check").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.choices import Phase, Rag
from projects.sql import Rank


@dataclass(frozen=True)
class Rule:
    figure: str  # the annotation the rule reads
    amber: int  # amber from this value on
    red: int  # red from this value on
    words: Callable[[object], str]  # why, for a project that rates amber or worse on this rule


def _overdue(project) -> str:
    n = project.overdue_milestones
    return ngettext("%(n)d milestone overdue", "%(n)d milestones overdue", n) % {"n": n}


def _slipped(project) -> str:
    n = project.max_slippage_days
    return ngettext(
        "a milestone slipped %(n)d day past its baseline", "a milestone slipped %(n)d days past its baseline", n
    ) % {"n": n}


def _stale(project) -> str:
    if project.last_accepted_period is None:
        return _("no accepted update since the start")
    n = project.stale_months
    return ngettext("last accepted update %(n)d month ago", "last accepted update %(n)d months ago", n) % {"n": n}


def _spend(project) -> str:
    return _("spent %(spent)d%% of its budget at %(progress)d%% progress") % {
        "spent": project.spend_ahead + project.progress_now,
        "progress": project.progress_now,
    }


def _unspent(project) -> str:
    return _("%(unspent)d%% of the money received in %(year)d unspent in the year's last quarter") % {
        "unspent": project.unspent_share,
        "year": project.unspent_year,
    }


def _ethics(project) -> str:
    phase = Phase(project.phase).label
    if project.ethics_checked_on is None:
        return _("in the %(phase)s phase without an accepted AI-ethics check of the current checklist") % {
            "phase": phase
        }
    return _("in the %(phase)s phase with an AI-ethics check accepted over a year ago (%(date)s)") % {
        "phase": phase,
        "date": project.ethics_checked_on.isoformat(),
    }


RULES = (
    Rule("overdue_milestones", amber=1, red=3, words=_overdue),
    Rule("max_slippage_days", amber=31, red=91, words=_slipped),  # more than 30 / 90 days past the baseline
    Rule("stale_months", amber=2, red=3, words=_stale),  # months since the last accepted update
    Rule("ethics_unchecked", amber=1, red=2, words=_ethics),  # 1 at most: amber, never red on its own
)
STALE, ETHICS = RULES[2], RULES[3]

# Money against progress: counted only for viewers who see every project's money (``with_health(money=True)``)
MONEY_RULES = (
    # percentage points by which the share of the budget spent runs ahead of progress (80 % spent at 30 %: red)
    Rule("spend_ahead", amber=25, red=50, words=_spend),
    # share of the year's money in left unspent, in the fiscal year's last quarter (amber at most)
    Rule("unspent_share", amber=50, red=101, words=_unspent),
)


# What ``reasons`` reads of a project, beside the rules' figures (for read paths that hand it a row, not a model).
REASON_INPUTS = (
    *(rule.figure for rule in RULES + MONEY_RULES),
    "last_accepted_period", "progress_now", "unspent_year", "phase", "ethics_checked_on", "rag_rank", "health_rank",
    "current_rag",
)  # fmt: skip


def rank(money: bool = False) -> models.Expression:
    """0 (green), 1 (amber) or 2 (red): the worst rule's rank, computed by the database."""
    rules = RULES + MONEY_RULES if money else RULES
    return Greatest(*(Rank(F(rule.figure), rule.amber, rule.red) for rule in rules))


def reasons(project) -> list[str]:
    """Why a project annotated by ``with_health`` rates as it does, in words (empty when nothing is wrong); the
    money rules speak only where the queryset was annotated with them."""
    rules = (rule for rule in RULES + MONEY_RULES if getattr(project, rule.figure, None) is not None)
    words = [rule.words(project) for rule in rules if getattr(project, rule.figure) >= rule.amber]
    if project.rag_rank is not None and project.rag_rank < project.health_rank:
        words.append(_("self-rated %(rag)s") % {"rag": Rag(project.current_rag).label})
    return words
