"""How `wenshu chat` starts Chainlit: the command, the environment, the auth secret."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from assistant.chat.page import add_banner, strip_external
from assistant.chat.runtime import ChatSettings
from assistant.chat.server import APP, chainlit_command, chainlit_env, make_instance_root


def test_command_runs_the_app_headless():
    cmd = chainlit_command("0.0.0.0", 9000)
    assert cmd[1:5] == ["-m", "chainlit", "run", str(APP)]
    assert cmd[5:] == ["--headless", "--host", "0.0.0.0", "--port", "9000"]


def test_env_carries_absolute_paths(tmp_path):
    env = chainlit_env(ChatSettings(Path("data/x.duckdb"), tmp_path / "model"), base={})
    assert env["WENSHU_DB"] == str(Path("data/x.duckdb").resolve())
    assert env["WENSHU_MODEL"] == str(tmp_path / "model")
    assert "WENSHU_USERS" not in env and "CHAINLIT_AUTH_SECRET" not in env
    assert env["WENSHU_STATE_DIR"] == str(Path(".wenshu").resolve())
    assert env["WENSHU_AUDIT_LOG"] == str(Path(".wenshu").resolve() / "audit.jsonl")
    assert ChatSettings.from_env(env) == ChatSettings(Path(env["WENSHU_DB"]), tmp_path / "model")


def test_login_gets_a_secret_per_run_unless_given(tmp_path):
    settings = ChatSettings(tmp_path / "db", users=tmp_path / "users.yaml")
    first, second = chainlit_env(settings, base={}), chainlit_env(settings, base={})
    assert (
        len(first["CHAINLIT_AUTH_SECRET"]) >= 48
        and first["CHAINLIT_AUTH_SECRET"] != second["CHAINLIT_AUTH_SECRET"]
    )
    assert (
        chainlit_env(settings, base={"CHAINLIT_AUTH_SECRET": "mine"})["CHAINLIT_AUTH_SECRET"]
        == "mine"
    )


def test_each_run_gets_an_app_root_of_its_own(tmp_path):
    source = tmp_path / "checkout"
    for name in (".chainlit/config.toml", "chainlit.md", "chainlit_zh-CN.md", "public/logo_light.svg"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(name, encoding="utf-8")
    (source / ".files").mkdir()
    (source / "README.md").write_text("not part of the page", encoding="utf-8")
    texts = {"auth.login.form.email.label": ("用户名", "Username"), "chat.watermark": ("离线", "offline")}
    first, second = make_instance_root(source, texts), make_instance_root(source)
    try:
        assert first != second
        copied = sorted(
            str(p.relative_to(first)) for p in first.rglob("*") if p.is_file() and "translations" not in p.parts
        )
        assert copied == [".chainlit/config.toml", "chainlit.md", "chainlit_zh-CN.md", "public/logo_light.svg"]
        assert (first / "public/logo_light.svg").read_text(encoding="utf-8") == "public/logo_light.svg"
        words = {
            name: json.loads((first / ".chainlit/translations" / f"{name}.json").read_text(encoding="utf-8"))
            for name in ("zh-CN", "zh-TW", "en-US", "de-DE")
        }
        assert [w["auth"]["login"]["form"]["email"]["label"] for w in words.values()] == [
            "用户名", "用户名", "Username", "Username"]
        assert words["zh-CN"]["chat"]["watermark"] == "离线"
        assert words["zh-CN"]["auth"]["login"]["form"]["password"]["label"] == "密码"  # the rest is Chainlit's
    finally:
        for root in (first, second):
            shutil.rmtree(root)


PAGE = """<head>
<link rel="preconnect" href="https://fonts.googleapis.com" />
<link
  href="https://fonts.googleapis.com/css2?family=Inter&display=swap"
  rel="stylesheet"
/>
<link rel="stylesheet" href="//cdn.example.com/katex.css">
<script src="https://cdn.example.com/x.js"></script>
<script type="module" crossorigin src="/assets/index.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index.css">
</head><body><div id="root"></div></body>"""


def test_external_tags_are_removed_and_local_ones_kept():
    page = strip_external(PAGE)
    assert "googleapis" not in page and "example.com" not in page
    assert 'src="/assets/index.js"' in page and 'href="/assets/index.css"' in page


def test_banner_is_escaped_and_first_in_body():
    page = add_banner(PAGE, "演示模式 <Demo>")
    assert '<body>\n    <div id="wenshu-banner"' in page and "演示模式 &lt;Demo&gt;" in page
