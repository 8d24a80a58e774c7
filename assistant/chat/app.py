"""The chat page: Chainlit callbacks that send questions to the shared Assistant and
render its answers. Started by ``wenshu chat`` (see ``assistant/chat/server.py``).

The Chainlit thread id is the conversation id, so follow-ups and clarifications
work exactly as in ``wenshu ask --session``. Nothing here decides what a question
means: every button (follow-up, clarification option) just asks again.

With login (``--users``) every conversation is kept in the team store: a chat that
starts opens a row of ``chat_threads`` and takes its id as the thread id, each turn is
recorded with the conversation's memory, and Chainlit lists and resumes them through
``history.StoreDataLayer``; ``on_chat_resume`` gives the conversation its memory back.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import chainlit as cl
from chainlit.types import CommandDict, ThreadDict

from assistant.answer import Answer
from assistant.chat import login, page
from assistant.chat.auth import authenticate, load_users
from assistant.chat.history import KEPT_PREFIX, StoreDataLayer, answer_elements, thread_number
from assistant.chat.progress import StageStep
from assistant.chat.render import (
    csv_bytes,
    csv_filename,
    message_markdown,
    short_label,
)
from assistant.chat.runtime import ChatSettings, SharedAssistant
from assistant.chat.store import Rating, feedback, feedback_log
from assistant.chat.texts import DEMO_BANNER, TEXTS, browser_lang, question_lang, t
from assistant.store.saved import since_lines
from assistant.suggest import page_starters, starter_questions
from semantic_layer.errors import WenshuError

log = logging.getLogger("wenshu.chat")

SETTINGS = ChatSettings.from_env()
ASSISTANT = SharedAssistant(SETTINGS)
FEEDBACK = feedback_log()
USERS = load_users(SETTINGS.users) if SETTINGS.users else None
KEEP_ANSWERS = 50  # answers per session that the buttons can still act on

page.install(banner=None if USERS else DEMO_BANNER)
if SETTINGS.warm:
    ASSISTANT.warm_segments()  # every goal's segments, before anyone asks (kept on disk after the first start)


# ---------------------------------------------------------------- session basics

if USERS is not None:
    _users = USERS
    login.install()

    @cl.data_layer
    def history_layer() -> StoreDataLayer:
        """Conversations are kept per person, so only with login."""
        return StoreDataLayer(lambda: ASSISTANT.history, keep=_keep_conversation)

    @cl.password_auth_callback
    async def sign_in(username: str, password: str) -> cl.User | None:
        user = await cl.make_async(authenticate)(_users, username, password)
        if user is None:
            return None
        return cl.User(
            identifier=user.username,
            metadata={"roles": list(user.roles), "provider": "credentials"},
        )


@cl.on_app_startup
def open_database() -> None:
    ASSISTANT.warm()
    if USERS is not None:
        ASSISTANT.forget_empty_threads()


@cl.on_app_shutdown
def close_pool() -> None:
    ASSISTANT.close()


@cl.set_starters
async def starters(user: cl.User | None = None, language: str | None = None) -> list[cl.Starter]:
    """The model's starter questions, the browser's language first (see ``assistant.suggest``)."""
    model = ASSISTANT.assistant.warehouse.model
    return [
        cl.Starter(label=label, message=question)
        for label, question in page_starters(model, browser_lang(language))
    ]


@cl.on_chat_start
async def start() -> None:
    """A new conversation; with login it is opened in the history now, so that the
    address the browser goes to after the first question (``/thread/<id>``) names it."""
    cl.user_session.set("answers", {})
    _keep_conversation()
    await _offer_saved()


def _keep_conversation() -> None:
    """With login, opens this conversation's row in the history, once, and makes its id the
    thread id: at the chat's start, or when Chainlit names the conversation at its first
    question, just before it tells the page the id to move to (/thread/<id>) — whichever comes
    first. A question sent at once, or on a loaded server, overtakes the start; the page then
    kept Chainlit's own UUID, which no reload can find. No await between the check and the
    assignment (one INSERT), so the two callers cannot both open a row."""
    user = _user()
    if USERS is not None and user is not None and thread_number(_conversation()) is None:
        cl.context.session.thread_id = str(ASSISTANT.open_thread(user))


@cl.on_chat_resume
async def resume(thread: ThreadDict) -> None:
    """A kept conversation, opened again (a reload, or picked from the list): its
    messages are Chainlit's to show; its memory comes back here, so that a follow-up
    ("按月看") continues it."""
    cl.user_session.set("answers", {})
    await _offer_saved()
    number = thread_number(thread["id"])
    if number is not None:
        conversation = await ASSISTANT.resume(_conversation(), _user(), number)
        cl.user_session.set("lang", conversation.lang)


def _user() -> str | None:
    user = cl.user_session.get("user")
    return user.identifier if user else None


def _conversation() -> str:
    """This page's conversation: the Chainlit thread (a kept one's id with login)."""
    return cl.context.session.thread_id


def _kept_thread() -> int | None:
    """The history row this conversation is recorded in (None without login)."""
    return thread_number(_conversation()) if USERS is not None and _user() else None


def _remember(answer: Answer) -> str:
    """Keep ``answer`` for the buttons under it; returns the key they carry."""
    answers: dict[str, Answer] = cl.user_session.get("answers") or {}
    key = uuid.uuid4().hex
    answers[key] = answer
    while len(answers) > KEEP_ANSWERS:
        answers.pop(next(iter(answers)))
    cl.user_session.set("answers", answers)
    return key


def _recall(action: cl.Action) -> Answer | None:
    return (cl.user_session.get("answers") or {}).get(action.payload.get("answer", ""))


async def _toast(text: str, kind: str = "success") -> None:
    await cl.context.emitter.send_toast(text, kind)  # type: ignore[arg-type]


# ---------------------------------------------------------------- asking


@cl.on_message
async def on_message(message: cl.Message) -> None:
    if message.command in SAVED_COMMAND:
        await show_saved()
        return
    await respond(message.content)


async def _drop_clarify_buttons() -> None:
    """Options answer only the question just asked; once anything else is asked they go."""
    for option in cl.user_session.get("clarify_actions") or []:
        await option.remove()
    cl.user_session.set("clarify_actions", None)


async def respond(question: str) -> None:
    """Ask in this session, with the steps visible, then render whatever came back."""
    await _drop_clarify_buttons()
    lang = question_lang(question, cl.user_session.get("lang") or "zh")
    try:
        async with cl.Step(name=t("step_understand", lang), type="llm", show_input=False) as step:
            async with StageStep(lang, step) as stages:  # a segment search shows its stages
                answer = await ASSISTANT.ask(
                    question, _conversation(), _user(), _kept_thread(), progress=stages.report
                )
            step.output = answer.semantic_query or answer.message
        cl.user_session.set("lang", answer.lang)
        if answer.status == "answered" and answer.sql:  # target segments run no one query
            await _query_steps(answer)
        await SENDERS[answer.status](answer)
    except WenshuError as err:  # e.g. the database cannot be opened
        await cl.Message(content=t("error", lang, message=err.message(lang))).send()
    except Exception:
        log.exception("chat page failed on %r", question[:200])
        await cl.Message(content=f"{t('internal', 'zh')}\n\n{t('internal', 'en')}").send()


async def _query_steps(answer: Answer) -> None:
    lang = answer.lang
    async with cl.Step(name=t("step_query", lang), type="tool", show_input=False) as querying:
        querying.output = t("query_done", lang)
        async with cl.Step(name="SQL", type="tool", language="sql", show_input=False) as sql:
            sql.output = answer.sql or ""
    async with cl.Step(name=t("step_run", lang), type="run", show_input=False) as running:
        running.output = t("rows_done", lang, rows=len(answer.rows), ms=answer.elapsed_ms)


def _ask_button(question: str) -> cl.Action:
    return cl.Action(
        name="followup", payload={"question": question}, label=question, icon="message-circle"
    )


async def send_answer(answer: Answer, preface: str = "") -> None:
    lang, key = answer.lang, _remember(answer)
    await cl.Message(
        content=preface + message_markdown(answer),
        elements=answer_elements(answer, key),
        actions=[_ask_button(q) for q in answer.followups]
        + [
            cl.Action(
                name="export_csv", payload={"answer": key}, label=t("export_csv", lang), icon="download"
            ),
            cl.Action(
                name="save_answer", payload={"answer": key}, label=t("save", lang), icon="bookmark"
            ),
        ],
    ).send()


async def send_clarify(answer: Answer) -> None:
    actions = [
        cl.Action(
            name="clarify",
            payload={"number": o.number, "label": o.label},
            label=f"{o.number}. {short_label(o.label)}",
            tooltip=o.label,
        )
        for o in answer.options
    ]
    await cl.Message(content=message_markdown(answer), actions=actions).send()
    cl.user_session.set("clarify_actions", actions)


async def send_problem(answer: Answer) -> None:
    examples = starter_questions(ASSISTANT.assistant.warehouse.model, answer.lang)
    await cl.Message(
        content=message_markdown(answer), actions=[_ask_button(q) for q in examples]
    ).send()


SENDERS: dict[str, Callable[[Answer], Awaitable[None]]] = {
    "answered": send_answer,
    "clarify": send_clarify,
    "refused": send_problem,
    "error": send_problem,
}


# ---------------------------------------------------------------- buttons


async def _ask_as_user(shown: str, question: str) -> None:
    """Show ``shown`` as the user's message, then ask ``question`` in this session."""
    await cl.Message(content=shown, type="user_message", author=_user() or "User").send()
    await respond(question)


@cl.action_callback("followup")
async def on_followup(action: cl.Action) -> None:
    question = str(action.payload.get("question", ""))
    await _ask_as_user(question, question)


@cl.action_callback("clarify")
async def on_clarify(action: cl.Action) -> None:
    await _ask_as_user(str(action.payload.get("label", "")), str(action.payload.get("number", "")))


async def _with_answer(action: cl.Action, use: Callable[[Answer], Awaitable[Any]]) -> None:
    answer = _recall(action)
    if answer is None:
        await _toast(t("gone", cl.user_session.get("lang") or "zh"), "warning")
        return
    await use(answer)


@cl.action_callback("export_csv")
async def on_export(action: cl.Action) -> None:
    async def export(answer: Answer) -> None:
        file = cl.File(
            name=csv_filename(answer), content=csv_bytes(answer), mime="text/csv", display="inline"
        )
        await cl.Message(
            content=t("csv_ready", answer.lang, rows=len(answer.rows)), elements=[file]
        ).send()

    await _with_answer(action, export)


@cl.action_callback("save_answer")
async def on_save(action: cl.Action) -> None:
    async def save(answer: Answer) -> None:
        try:
            await ASSISTANT.save(answer, _user())
        except WenshuError as err:  # e.g. the store cannot be reached
            await _toast(err.message(answer.lang), "error")
            return
        await _toast(t("saved", answer.lang))

    await _with_answer(action, save)


@cl.action_callback("feedback")
async def on_feedback(action: cl.Action) -> None:
    """👍/👎 and an optional comment from the ``WenshuFeedback`` element: every choice is
    appended to the feedback file; the last one for an answer is the one that counts."""
    rating: Rating = "down" if action.payload.get("rating") == "down" else "up"
    comment = str(action.payload.get("comment") or "")[:2000]
    key = str(action.payload.get("answer", ""))
    answer = _recall(action) or await _kept_answer(key)
    if answer is None:
        await _toast(t("gone", cl.user_session.get("lang") or "zh"), "warning")
        return
    FEEDBACK.append(feedback(answer, rating, _user(), comment=comment, answer_id=key))


async def _kept_answer(key: str) -> Answer | None:
    """An answer of a resumed conversation, by the key its element carries
    (``history:<message id>``), if it is this person's."""
    number = thread_number(key.removeprefix(KEPT_PREFIX)) if key.startswith(KEPT_PREFIX) else None
    user = _user()
    if number is None or user is None or USERS is None:
        return None
    return await ASSISTANT.kept_answer(number, user)


# ---------------------------------------------------------------- saved answers

SAVED_COMMAND = TEXTS["saved_command"]  # the composer's button, named in the browser's language


def _browser_lang() -> str:
    return browser_lang(getattr(cl.context.session, "language", None))  # a websocket session's


def _page_lang() -> str:
    return cl.user_session.get("lang") or _browser_lang()


async def _offer_saved() -> None:
    """The composer's 收藏/Saved button: pressing it and sending opens the saved-answers panel."""
    lang = _browser_lang()
    command: CommandDict = {"id": t("saved_command", lang), "description": t("saved_command_help", lang),
                            "icon": "bookmark", "button": True, "persistent": False, "selected": False}
    await cl.context.emitter.set_commands([command])


async def show_saved() -> None:
    """The saved-answers panel (element sidebar): this person's saved answers, newest first."""
    lang = _page_lang()
    try:
        items = await ASSISTANT.saved(_user())
    except WenshuError as err:  # e.g. the store cannot be reached
        await _toast(err.message(lang), "error")
        return
    listed = [{"id": s.id, "title": s.title, "question": s.question, "saved": s.created_at.date().isoformat(),
               "last": s.last_result.as_of if s.last_result else None} for s in items]
    labels = {"empty": t("saved_empty", lang), "last": t("saved_last", lang), "saved": t("saved_on", lang),
              "rerun": t("rerun", lang), "delete": t("delete", lang)}
    await cl.ElementSidebar.set_elements(
        [cl.CustomElement(name="WenshuSaved", props={"items": listed, "labels": labels}, display="inline")])
    await cl.ElementSidebar.set_title(t("saved_title", lang))  # after the elements, which reset it


def _saved_id(action: cl.Action) -> int | None:
    value = action.payload.get("saved")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@cl.action_callback("saved_run")
async def on_saved_run(action: cl.Action) -> None:
    """Re-run a saved answer on today's data and post it, with what changed since last time."""
    saved_id = _saved_id(action)
    if saved_id is None:
        return
    try:
        done = await ASSISTANT.run_saved(saved_id, _user())
    except WenshuError as err:  # not theirs, gone, a role that lost access, …
        await _toast(err.message(_page_lang()), "error")
        return
    answer = done.answer
    cl.user_session.set("lang", answer.lang)
    lines = [t("rerun_of", answer.lang, title=done.saved.title), *since_lines(done)]
    if answer.status == "answered":
        await send_answer(answer, "\n".join(lines) + "\n\n")
    else:
        await SENDERS[answer.status](answer)
    await show_saved()  # the panel stays open, with this run's date


@cl.action_callback("saved_delete")
async def on_saved_delete(action: cl.Action) -> None:
    saved_id = _saved_id(action)
    if saved_id is None:
        return
    lang = _page_lang()
    try:
        gone = await ASSISTANT.delete_saved(saved_id, _user())
    except WenshuError as err:
        await _toast(err.message(lang), "error")
        return
    await _toast(t("deleted", lang, title=gone.title))
    await show_saved()
