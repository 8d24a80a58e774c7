"""Chainlit's data layer over wenshu's chat history in the team store.

Chainlit's own ``SQLAlchemyDataLayer`` keeps raw UI steps and elements in five tables of
its schema (and elements' content only with a cloud storage client). wenshu already
keeps what a conversation *is* — each question and its ``Answer`` whole, with the
conversation's memory — in ``chat_threads``/``chat_messages`` (``assistant.store.chat``),
so this layer writes nothing of Chainlit's: the chat page records each turn itself, and
this class only answers Chainlit's questions — the conversation list, one
conversation (its messages, SQL, charts and tables re-drawn from the stored answers),
its author, renaming and deleting.

A conversation's Chainlit thread id is its row id as text: ``app.py`` opens the row
when a chat starts and gives the session that id, so the address the browser shows
(``/thread/17``) resumes it after a reload.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chainlit.data.base import BaseDataLayer
from chainlit.element import CustomElement, Element, ElementDict, Plotly
from chainlit.types import (
    Feedback,
    PageInfo,
    PaginatedResponse,
    Pagination,
    ThreadDict,
    ThreadFilter,
)
from chainlit.user import PersistedUser, User

from assistant.answer import Answer
from assistant.chat.charts import render_chart
from assistant.chat.render import feedback_props, message_markdown, table_props
from assistant.store.chat import ChatHistory, ChatMessage, ChatThread

if TYPE_CHECKING:
    from chainlit.step import StepDict

log = logging.getLogger("wenshu.chat")
ASSISTANT_NAME = "问数 wenshu"
KEPT_PREFIX = "history:"  # the key of a kept answer: history:<message id>
# how Chainlit's page reads each element's content: Plotly as JSON, a Dataframe as text
# it parses itself (served as JSON, it fails with "[object Object] is not valid JSON")
CONTENT_TYPES = {"plotly": "application/json", "dataframe": "text/plain"}


def thread_number(thread_id: str | None) -> int | None:
    """The row id behind a Chainlit thread id (None for anything else, e.g. a UUID)."""
    return int(thread_id) if thread_id and thread_id.isdigit() else None


def _iso(at: datetime) -> str:
    return at.isoformat()


def _data_url(element: Element) -> str:
    """An element's content as a ``data:`` URL: the browser draws it without asking the
    server."""
    content = element.content if isinstance(element.content, bytes) else str(element.content).encode()
    kind = CONTENT_TYPES[element.type]
    return f"data:{kind};charset=utf-8;base64,{base64.b64encode(content).decode()}"


def answer_elements(answer: Answer, key: str, thread_id: str | None = None,
                    for_id: str | None = None) -> list[Element]:
    """What is drawn under an answer: its chart (if any), its table and the 👍/👎 element
    (``key`` is how the feedback action finds the answer again). Live on the page, or
    (with ``thread_id`` and ``for_id``) for a kept conversation."""
    if answer.status != "answered":
        return []
    where: dict[str, Any] = {} if thread_id is None else {"thread_id": thread_id, "for_id": for_id}
    elements: list[Element] = []
    figure = render_chart(answer)
    if figure is not None:
        elements.append(Plotly(name="chart", figure=figure, display="inline", size="large", **where))
    elements.append(CustomElement(name="WenshuTable", props=table_props(answer), display="inline", **where))
    elements.append(CustomElement(name="WenshuFeedback", props=feedback_props(answer, key),
                                  display="inline", **where))
    return elements


def kept_elements(answer: Answer, message_id: int, thread_id: str, for_id: str) -> list[ElementDict]:
    """A kept answer's elements as Chainlit's thread expects them: a chart's figure as a
    ``data:`` URL (it travels inside the thread, which only its author may load), the
    custom elements with their props inline."""
    out = []
    for element in answer_elements(answer, f"{KEPT_PREFIX}{message_id}", thread_id, for_id):
        if isinstance(element, Plotly):
            element.url = _data_url(element)
        out.append(element.to_dict())
    return out


def _step(thread: ChatThread, message: ChatMessage, **fields: Any) -> StepDict:
    at = _iso(message.created_at)
    step: StepDict = {"id": f"wenshu-{message.id}", "threadId": str(thread.id), "parentId": None,
                      "createdAt": at, "start": at, "end": at, "input": "", "metadata": {},
                      "streaming": False, "isError": False, "showInput": False}
    step.update(fields)  # type: ignore[typeddict-item]
    return step


def message_steps(thread: ChatThread, message: ChatMessage) -> tuple[list[StepDict], list[ElementDict]]:
    """One stored row as the steps (and elements) Chainlit shows for it."""
    if message.author == "user":
        return [_step(thread, message, name=thread.owner or "User", type="user_message",
                      output=message.content)], []
    stored = (message.answer or {}).get("answer")
    if not stored:
        return [_step(thread, message, name=ASSISTANT_NAME, type="assistant_message",
                      output=message.content)], []
    answer = Answer.model_validate(stored)
    steps: list[StepDict] = []
    if answer.status == "answered" and answer.sql:
        steps.append(_step(thread, message, id=f"wenshu-{message.id}-sql", name="SQL", type="tool",
                           output=answer.sql, language="sql"))
    reply = _step(thread, message, name=ASSISTANT_NAME, type="assistant_message",
                  output=message_markdown(answer))
    steps.append(reply)
    return steps, kept_elements(answer, message.id, str(thread.id), reply["id"])


def thread_dict(thread: ChatThread, messages: list[ChatMessage] | None = None) -> ThreadDict:
    steps: list[StepDict] = []
    elements: list[ElementDict] = []
    for message in messages or []:
        more_steps, more_elements = message_steps(thread, message)
        steps += more_steps
        elements += more_elements
    return {"id": str(thread.id), "createdAt": _iso(thread.updated_at), "name": thread.title,
            "userId": thread.owner, "userIdentifier": thread.owner, "tags": [], "metadata": {},
            "steps": steps, "elements": elements}


class StoreDataLayer(BaseDataLayer):
    """Chainlit's questions about conversations, answered from :class:`ChatHistory`.

    Users are the login's (the users file): a person's id is their login name. Steps,
    elements and Chainlit's own feedback are not written here (the page records turns
    and 👍/👎 itself), so those calls do nothing."""

    def __init__(self, history: Callable[[], ChatHistory], keep: Callable[[], None] | None = None):
        self._history = history  # opened on first use, off the event loop
        self._keep = keep  # opens the current conversation's row if it has none yet

    async def _call(self, work: Callable[[ChatHistory], Any]) -> Any:
        return await asyncio.to_thread(lambda: work(self._history()))

    # ---------------------------------------------------------------- users
    async def get_user(self, identifier: str) -> PersistedUser | None:
        return PersistedUser(id=identifier, identifier=identifier, createdAt="", metadata={})

    async def create_user(self, user: User) -> PersistedUser | None:
        return PersistedUser(id=user.identifier, identifier=user.identifier, createdAt="",
                             metadata=dict(user.metadata))

    # ---------------------------------------------------------------- threads
    async def get_thread_author(self, thread_id: str) -> str:
        number = thread_number(thread_id)
        if number is None:
            return ""
        thread = await self._call(lambda h: h.thread(number))
        return (thread.owner or "") if thread else ""

    async def get_thread(self, thread_id: str) -> ThreadDict | None:
        number = thread_number(thread_id)
        if number is None:
            return None

        def load(h: ChatHistory) -> tuple[ChatThread | None, list[ChatMessage]]:
            thread = h.thread(number)
            return thread, (h.messages(number) if thread else [])

        thread, messages = await self._call(load)
        return thread_dict(thread, messages) if thread else None

    async def list_threads(self, pagination: Pagination, filters: ThreadFilter) -> PaginatedResponse[ThreadDict]:
        if not filters.userId:  # Chainlit always sets the asking person; never list everyone's
            return PaginatedResponse(pageInfo=PageInfo(False, None, None), data=[])
        owner, first = filters.userId, max(1, pagination.first)
        threads: list[ChatThread] = await self._call(lambda h: h.threads(
            owner, limit=first + 1, before=thread_number(pagination.cursor), search=filters.search))
        page = threads[:first]
        info = PageInfo(hasNextPage=len(threads) > first,
                        startCursor=str(page[0].id) if page else None,
                        endCursor=str(page[-1].id) if page else None)
        return PaginatedResponse(pageInfo=info, data=[thread_dict(th) for th in page])

    async def update_thread(self, thread_id: str, name: str | None = None, user_id: str | None = None,
                            metadata: dict | None = None, tags: list[str] | None = None) -> None:
        """Renaming from the list. (Chainlit also names a thread after its first
        interaction, a message or a button's name, before anything is recorded: the
        history names it after its first question instead, so that rename does nothing.)
        Chainlit's session metadata is not kept: the memory is kept with each answer. Called
        with Chainlit's own id, the conversation is not kept yet: ``keep`` keeps it now."""
        number = thread_number(thread_id)
        if number is None and self._keep is not None:
            self._keep()  # the first question came before the chat's start had kept it
        elif number is not None and name:
            await self._call(lambda h: h.rename(number, name))

    async def delete_thread(self, thread_id: str) -> None:
        number = thread_number(thread_id)
        if number is not None:
            await self._call(lambda h: h.delete(number))

    # ---------------------------------------------------------------- written by the page itself
    async def create_step(self, step_dict: StepDict) -> None:
        return None

    async def update_step(self, step_dict: StepDict) -> None:
        return None

    async def delete_step(self, step_id: str) -> None:
        return None

    async def create_element(self, element: Element) -> None:
        return None

    async def get_element(self, thread_id: str, element_id: str) -> ElementDict | None:
        return None

    async def delete_element(self, element_id: str, thread_id: str | None = None) -> None:
        return None

    async def upsert_feedback(self, feedback: Feedback) -> str:
        return ""

    async def delete_feedback(self, feedback_id: str) -> bool:
        return False

    async def get_favorite_steps(self, user_id: str) -> list[StepDict]:
        return []

    async def build_debug_url(self) -> str:
        return ""

    async def close(self) -> None:
        return None

