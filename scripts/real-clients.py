"""Taste as real clients see it: `taste mcp` driven by the official MCP Python SDK, and every Agent Skills
folder `taste export` writes checked by the reference validator (skills-ref's `agentskills validate`).

Usage: real-clients.py TASTE_BINARY AGENTSKILLS_BINARY. Mines a clone of this repository, named with `---`
(which the validator's front-matter split once tripped on). Exits non-zero on the first failure.
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from jsonschema import Draft202012Validator
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.shared.exceptions import MCPError

TASTE, AGENTSKILLS = sys.argv[1], sys.argv[2]
SOURCE = Path(__file__).resolve().parent.parent


def check(condition, message):
    if not condition:
        raise SystemExit(f"real-clients: {message}")


def run(*arguments, env):
    result = subprocess.run(arguments, env=env, capture_output=True, text=True)
    check(result.returncode == 0, f"{' '.join(arguments)} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout


async def drive_mcp(repo, env):
    server = StdioServerParameters(command=TASTE, args=["mcp", "--repo", repo], env=env)
    async with stdio_client(server) as (read, write), ClientSession(read, write) as session:
        initialized = await session.initialize()
        check(initialized.server_info.name == "taste", f"server info: {initialized.server_info}")

        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        check(set(tools) == {"list_skills", "get_skill", "skills_for_path", "skill_diff", "lint_patch", "fix_patch"}, f"tools: {sorted(tools)}")
        for tool in tools.values():
            Draft202012Validator.check_schema(tool.input_schema)
            Draft202012Validator.check_schema(tool.output_schema)
            check(tool.annotations and tool.annotations.read_only_hint is True, f"{tool.name} is not marked read-only")

        # Valid calls: the SDK validates each structuredContent against the tool's outputSchema.
        listed = await session.call_tool("list_skills", {})
        check(not listed.is_error, f"list_skills: {listed.content}")
        names = [skill["name"] for skill in listed.structured_content["skills"]]
        check(names, "no skill was mined")
        calls = [("get_skill", {"name": name}) for name in names]
        calls += [("get_skill", {"name": names[0], "version": 1}), ("skills_for_path", {"path": "Sources/New.swift"})]
        calls += [("skill_diff", {"name": names[0], "from": 1})]
        patch = "--- /dev/null\n+++ b/Sources/New.swift\n@@ -0,0 +1 @@\n+\tlet x = 1\n"
        calls += [("lint_patch", {"patch": patch}), ("lint_patch", {"patch": patch, "min_confidence": 0})]
        for name, arguments in calls:
            result = await session.call_tool(name, arguments)
            check(not result.is_error, f"{name} {arguments}: {result.content}")
            check(result.structured_content is not None, f"{name} {arguments}: no structured content")

        # fix_patch answers the patch repaired: the tab the Swift repository never indents with is gone.
        fixed = await session.call_tool("fix_patch", {"patch": patch})
        check(not fixed.is_error, f"fix_patch: {fixed.content}")
        repaired = fixed.structured_content["patch"]
        check(repaired.startswith("--- /dev/null\n+++ b/Sources/New.swift\n@@ -0,0 +1 @@\n+"), f"fix_patch: {repaired!r}")
        check(fixed.structured_content["changes"] == [] or "\t" not in repaired, f"fix_patch left the tab: {fixed.structured_content}")

        # Invalid calls: a protocol error naming the argument, or a tool error the agent reads.
        invalid = [
            ("get_skill", {"name": 5}, "name must be a string"),
            ("get_skill", {"name": names[0], "version": "7"}, "version must be an integer"),
            ("get_skill", {"name": names[0], "version": 1.5}, "version must be an integer"),
            ("get_skill", {"name": names[0], "version": True}, "version must be an integer"),
            ("get_skill", {}, "missing argument 'name'"),
            ("skills_for_path", {"path": ["a"]}, "path must be a string"),
            ("skill_diff", {"name": names[0], "from": "1"}, "from must be an integer"),
            ("no_such_tool", {}, "unknown tool"),
        ]
        for name, arguments, expected in invalid:
            try:
                result = await session.call_tool(name, arguments)
            except MCPError as error:
                check(expected in error.message, f"{name} {arguments}: {error.message!r} lacks {expected!r}")
                continue
            check(False, f"{name} {arguments} was accepted: {result}")
        unknown = await session.call_tool("get_skill", {"name": "nosuch"})
        check(unknown.is_error, "an unknown skill is a tool error")

        resources = (await session.list_resources()).resources
        uris = [str(resource.uri) for resource in resources]
        check(f"taste://skills/{names[0]}" in uris, f"resources: {uris}")
        templates = (await session.list_resource_templates()).resource_templates
        check([t.uri_template for t in templates] == ["taste://skills/{name}", "taste://skills/{name}/references/evidence.md"], f"templates: {templates}")
        for uri in uris:
            contents = (await session.read_resource(uri)).contents
            check(len(contents) == 1 and contents[0].text.strip(), f"{uri}: {contents}")
        skill = (await session.read_resource(f"taste://skills/{names[0]}")).contents[0].text
        link = f"taste://skills/{names[0]}/references/evidence.md"
        check(f"]({link})" in skill and link in uris, "the skill links its evidence to a resource that is listed")
        return names


def validate_exports(repo, env, names):
    formats = ["agent-skills", "agents-md", "cursor", "copilot", "claude-md"]
    run(TASTE, "export", "--repo", repo, *[argument for f in formats for argument in ("--format", f)], env=env)
    folders = sorted(path.parent for path in Path(repo, ".claude", "skills").glob("*/SKILL.md"))
    check([folder.name for folder in folders] == sorted(names), f"exported {folders}, mined {names}")
    for folder in folders:
        result = subprocess.run([AGENTSKILLS, "validate", str(folder)], capture_output=True, text=True)
        check(result.returncode == 0, f"agentskills validate {folder}: {(result.stdout + result.stderr).strip()}")
    for line in Path(repo, "CLAUDE.md").read_text().splitlines():
        if line.startswith("@"):
            check(Path(repo, line[1:]).is_file(), f"CLAUDE.md imports {line[1:]}, which is not there")
    return len(folders)


def main():
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, TASTE_HOME=f"{scratch}/home")
        env.pop("XDG_DATA_HOME", None)
        repo = f"{scratch}/taste---clone"
        run("git", "clone", "-q", "--no-local", str(SOURCE), repo, env=env)
        run(TASTE, "mine", "--repo", repo, env=env)
        names = asyncio.run(drive_mcp(repo, env))
        validated = validate_exports(repo, env, names)
        print(f"real-clients: MCP SDK session passed ({len(names)} skills); agentskills validate passed on {validated} folders")


if __name__ == "__main__":
    main()
