#!/usr/bin/env python3
"""Generate a synthetic troubleshooting knowledge base for benchmarking errbook.

Usage: python3 bench/gen-book.py OUT_DIR [--entries 10000] [--seed 1]

The real sample book (content/ in this repository) has 22 entries, far too few to measure how
`errbook build`, `check` and `search` scale. This script writes a book with `--entries` entries
in English (content/en/) and as many in Japanese (content/ja/), spread over documents of 20-80
entries each. The documents imitate the four real samples, so that a benchmark exercises the
same parsing paths a real book does:

1. English error catalog (like en/ecs-error-catalog.md): `## Error N: Title` with `### Error
   Message`, `### What It Means`, `### Common Causes` (**Cause k:** / **Solution:** labels and
   code blocks) and `### Debugging Steps` (numbered bold steps with bash blocks).
2. English notes with HTML headings (like en/archivematica-troubleshooting.md): `<h2 id=...>`
   sections with prose and a `> quoted error line`.
3. Japanese pages (like ja/ecspresso-troubleshooting.md): Jekyll front matter, `### 症状`-style
   entries with a numbered cause list, and `### "error message"` entries with **原因** / **対応**.
4. English plain text copied from a web page (like en/ecr-error-messages.txt): no markup, lines
   broken in the middle of sentences.

About 5% of entries carry a mermaid diagram. Every entry title is unique within its language
(a component name and an error code such as E48213 are part of each title), because entry ids
are slugs of titles and a duplicate id is an error.

Output is deterministic for a given --entries and --seed: every random choice comes from one
`random.Random(seed)` and nothing depends on dict or set iteration order.
"""

import argparse
import datetime
import os
import re
import shutil
import sys
import time
import uuid
from random import Random

BOOK_TOML = """\
[book]
title = "Synthetic troubleshooting book"
src = "content"
default-language = "en"
[language.en]
name = "English"
[language.ja]
name = "日本語"
"""

# Share of English documents written in each style; the rest is the catalog style.
HTML_SHARE = 0.18
TEXT_SHARE = 0.10
# Mermaid diagrams: about 5% of all entries. Plain text cannot hold one, so markdown entries
# get a slightly higher rate to make up for the text documents.
MERMAID_RATE_EN = 0.05 / (1 - TEXT_SHARE)
MERMAID_RATE_JA = 0.05
# Japanese entries that state a symptom only (no literal error message): errbook warns about
# these, as it does for the real sample, so they stay a minority.
JA_SYMPTOM_ONLY_RATE = 0.22

# errbook cuts ids at 80 characters: titles are compared on that prefix, and each title list
# ends with a candidate that starts with the error code, which is unique.
SLUG_CHARS = 80


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template, p):
    """Replaces `{name}` with p[name]; leaves other braces (JSON, f-strings) alone."""
    return _PLACEHOLDER.sub(lambda m: str(p[m.group(1)]) if m.group(1) in p else m.group(0), template)


def slugify(text):
    """The same ids errbook makes: alphanumeric runs (any script) joined by '-', lower case."""
    out = []
    dash = False
    for c in text:
        if c.isalnum() or c == "_":
            if dash and out:
                out.append("-")
            dash = False
            out.append(c.lower())
        else:
            dash = True
    return "".join(out) or "entry"


def fence(lang, code):
    return f"```{lang}\n{code.rstrip()}\n```\n"


def hexs(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def partition(rng, total, low=20, high=80):
    """Document sizes between low and high that add up to total (one smaller doc if total < low)."""
    sizes = []
    remaining = total
    while remaining > high:
        # Leave at least `low` for the last document.
        size = rng.randint(low, min(high, remaining - low))
        sizes.append(size)
        remaining -= size
    if remaining:
        sizes.append(remaining)
    return sizes


class Ids:
    """Entry ids already used in one language, and the error codes that make titles unique."""

    def __init__(self, rng, count):
        self.used = set()
        # Distinct codes in a shuffled order, so that neighbouring entries do not count up.
        self.codes = iter(rng.sample(range(10000, 10000 + max(count * 5, 1000)), count))

    def code(self):
        return f"E{next(self.codes)}"

    def claim_title(self, candidates):
        """The first candidate title whose slug is short enough and not taken."""
        for title in candidates:
            slug = slugify(title)[:SLUG_CHARS]
            if slug not in self.used:
                self.used.add(slug)
                return title
        raise RuntimeError(f"no unique title among {candidates!r}")

    def claim_anchor(self, anchor):
        if anchor in self.used:
            raise RuntimeError(f"duplicate anchor {anchor}")
        self.used.add(anchor)
        return anchor


# ---------------------------------------------------------------------------------------------
# Word lists shared by both languages
# ---------------------------------------------------------------------------------------------

COMP_HEADS = [
    "orders", "payments", "billing", "inventory", "catalog", "search", "auth", "profile",
    "notification", "checkout", "shipping", "ledger", "reporting", "media", "thumbnail", "ingest",
    "export", "audit", "session", "pricing", "recommendation", "fraud", "loyalty", "gateway",
    "webhook", "scheduler", "metrics", "archive", "transfer", "storage", "invoice", "tenant",
]
COMP_TAILS = [
    "api", "worker", "service", "sync", "consumer", "batch", "cron", "frontend", "proxy",
    "indexer", "uploader", "router", "bridge", "daemon",
]
ENVS = ["prod", "staging", "dev", "qa", "sandbox"]
CLUSTER_WORDS = ["main", "core", "apps", "batch", "edge", "internal", "shared"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "ap-southeast-2"]
ORGS = ["acme", "globex", "initech", "umbrella", "hooli", "wayne", "stark", "tyrell"]
OPERATIONS = [
    ("ecr", "GetAuthorizationToken"), ("ecr", "BatchGetImage"), ("ecs", "RunTask"),
    ("ecs", "UpdateService"), ("ecs", "RegisterTaskDefinition"), ("s3", "GetObject"),
    ("s3", "PutObject"), ("secretsmanager", "GetSecretValue"), ("ssm", "GetParameters"),
    ("logs", "CreateLogStream"), ("sts", "AssumeRole"), ("kms", "Decrypt"),
    ("dynamodb", "PutItem"), ("sqs", "ReceiveMessage"), ("iam", "PassRole"),
    ("sns", "Publish"), ("lambda", "InvokeFunction"),
]
EXC_HEADS = [
    "Invalid", "Resource", "Access", "Throttling", "Service", "Client", "Connection", "Timeout",
    "Parameter", "Limit", "Credential", "Token", "Quota", "Cluster", "Container", "Image",
    "Manifest", "Secret", "Schema", "Checksum", "Lease", "Partition", "Upstream", "Config",
]
EXC_TAILS = [
    "NotFound", "Denied", "Exceeded", "Unavailable", "Expired", "InUse", "Conflict", "Mismatch",
    "Invalid", "Rejected", "Closed", "Missing", "Locked", "Corrupted",
]
ENV_VARS = [
    "DATABASE_URL", "REDIS_URL", "API_TOKEN", "SECRET_KEY", "AWS_REGION", "QUEUE_URL",
    "SENTRY_DSN", "S3_BUCKET", "JWT_PUBLIC_KEY", "UPSTREAM_URL", "LOG_LEVEL", "FEATURE_FLAGS",
]
PY_MODULES = [
    "fastapi", "pydantic", "sqlalchemy", "boto3", "requests", "redis", "celery", "uvicorn",
    "psycopg2", "numpy", "pandas", "httpx", "orjson", "structlog",
]
HTTP_REASONS = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error",
    502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout", 507: "Insufficient Storage",
}


def component(rng):
    return f"{rng.choice(COMP_HEADS)}-{rng.choice(COMP_TAILS)}"


def exception_name(rng):
    return rng.choice(EXC_HEADS) + rng.choice(EXC_TAILS) + rng.choice(["Exception", "Exception", "Error"])


def entry_params(rng, comp):
    """Concrete values for one entry: every template placeholder is filled from here."""
    # ARNs, buckets and hosts use an ASCII name even when a Japanese page names the system.
    name = comp if comp.isascii() else component(rng)
    region = rng.choice(REGIONS)
    account = str(rng.randrange(10**11, 10**12))
    env = rng.choice(ENVS)
    svc, op = rng.choice(OPERATIONS)
    when = datetime.datetime(2023, 1, 1) + datetime.timedelta(seconds=rng.randrange(2 * 365 * 86400))
    org = rng.choice(ORGS)
    mem = rng.choice([256, 512, 1024, 2048, 4096, 8192])
    envvar = rng.choice(ENV_VARS)
    status = rng.choice([500, 502, 503, 504])
    host = f"{rng.choice(COMP_HEADS)}.{rng.choice(['internal', 'svc.local', 'example.com', 'corp.example.net'])}"
    comp_us = name.replace("-", "_")
    return {
        "comp": comp,
        "comp_us": comp_us,
        "name": name,
        "comp_camel": "".join(w.capitalize() for w in name.split("-")),
        "cluster": f"{env}-{rng.choice(CLUSTER_WORDS)}",
        "env": env,
        "region": region,
        "other_region": rng.choice([r for r in REGIONS if r != region]),
        "account": account,
        "role": f"{name}-{rng.choice(['task-role', 'execution-role', 'deploy-role', 'runtime'])}",
        "repo": f"{org}/{name}",
        "registry": f"{account}.dkr.ecr.{region}.amazonaws.com",
        "tag": rng.choice([f"v{rng.randint(1, 4)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}", hexs(rng, 7), "latest"]),
        "port": rng.choice([80, 3000, 5000, 8000, 8080, 8443, 9000]),
        "mem": mem,
        "rss": mem * 1024 - rng.randint(100, 5000),
        "vm": mem * 1024 * rng.randint(2, 4),
        "cpu": rng.choice([256, 512, 1024, 2048]),
        "ip": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "task": hexs(rng, 32),
        "hex6": hexs(rng, 6),
        "hex8": hexs(rng, 8),
        "hex12": hexs(rng, 12),
        "hex16": hexs(rng, 16),
        "sha": hexs(rng, 64),
        "ts": when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randint(0, 999):03d}Z",
        "ts_log": when.strftime("%Y/%m/%d %H:%M:%S"),
        "http_date": when.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        "status": status,
        "status_reason": HTTP_REASONS[status],
        "exc": exception_name(rng),
        "svc": svc,
        "op": op,
        "db": f"{name}-db.{hexs(rng, 12)}.{region}.rds.amazonaws.com",
        "host": host,
        "bucket": f"{org}-{name}-{env}",
        "secret": f"{env}/{name}/{rng.choice(['db-password', 'api-key', 'oauth-client', 'signing-key'])}",
        "user": rng.choice(["app", "deploy", "svc_" + comp_us, "readonly", "admin"]),
        "line": rng.randint(12, 480),
        "pid": rng.randint(100, 65000),
        "exit_code": rng.choice([1, 1, 2, 127, 137, 139, 143, 255]),
        "seconds": rng.choice([3, 5, 10, 30, 60, 300, 900]),
        "ms": rng.randint(800, 30000),
        "n": rng.randint(2, 10),
        "rev": rng.randint(3, 250),
        "envvar": envvar,
        "envref": "${" + envvar + "}",
        "module": rng.choice(PY_MODULES),
        "ver": f"{rng.randint(0, 3)}.{rng.randint(0, 40)}.{rng.randint(0, 12)}",
        "path": rng.choice(["/api/v1/items", "/v2/orders", "/internal/sync", "/graphql", "/webhooks/stripe"]),
    }


# ---------------------------------------------------------------------------------------------
# English error families: what an entry is about, with its messages, explanations and causes.
# A cause is (title, code or None, solution text or None, solution code or None), where code
# is (language, text). Placeholders are filled from entry_params().
# ---------------------------------------------------------------------------------------------

FAMILIES = [
    {
        "key": "health", "http": 503,
        "titles": ["Task failed ELB health checks", "Target group marks {comp} unhealthy",
                   "Health check returns HTTP {status}"],
        "messages": [
            "Stopped reason: Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{comp}-tg/{hex16})",
            "service {comp} (instance {ip}) (port {port}) is unhealthy in target-group {comp}-tg due to (reason Health checks failed with these codes: [{status}])",
            "{ts} WARN elb-healthcheck GET /health -> {status} {status_reason} ({ms} ms) target={ip}:{port}",
        ],
        "short": ["Health checks failed with these codes: [{status}]", "Task failed ELB health checks"],
        "meanings": [
            "The Application Load Balancer sent {n} consecutive health check requests to `/health` on port {port} and got non-200 responses (404, 500 or a timeout).",
            "ECS replaces every task the load balancer reports as unhealthy, so {comp} is restarted again and again instead of serving traffic.",
            "No task of {comp} answered the health check successfully within the grace period of {seconds} seconds.",
        ],
        "causes": [
            ("Health endpoint not implemented",
             ("bash", "# Test locally\ncurl -i http://localhost:{port}/health\n# HTTP/1.1 404 Not Found"),
             None,
             ("python", '# Add a health endpoint to the app\n@app.get("/health")\ndef health_check():\n    return {"status": "healthy"}')),
            ("Port mismatch",
             ("yaml", "# Task definition says port {port}\nservice:\n  port: {port}\n  healthCheck:\n    path: /health"),
             "Match the container port in the task definition, the target group and the application.", None),
            ("Health check timeout too short",
             ("yaml", "healthCheck:\n  path: /health\n  timeout: 5    # ← the endpoint takes 10 seconds\n  interval: 30"),
             "- Increase the timeout to 10-15 seconds\n- Or: remove slow database queries from the endpoint", None),
            ("Grace period shorter than startup time",
             ("json", '{\n  "healthCheckGracePeriodSeconds": 0,\n  "desiredCount": {n}\n}'),
             "Set `healthCheckGracePeriodSeconds` to at least the time {comp} needs to start.",
             ("bash", "aws ecs update-service --cluster {cluster} --service {comp} \\\n  --health-check-grace-period-seconds 120")),
        ],
        "steps": [
            ("Check the target group health:",
             "aws elbv2 describe-target-health \\\n  --target-group-arn arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{comp}-tg/{hex16}"),
            ("Test the health endpoint from inside the task:",
             "aws ecs execute-command --cluster {cluster} --task {task} \\\n  --container {comp} --interactive --command \"curl -sv localhost:{port}/health\""),
        ],
    },
    {
        "key": "exit", "http": 500,
        "titles": ["Essential container in task exited", "{comp} exits with code {exit_code} after start",
                   "Container {comp} keeps restarting"],
        "messages": [
            "Stopped reason: Essential container in task exited\nExit code: {exit_code}",
            "{ts} [ecs-agent] Task {task}: container {comp} exited with code {exit_code} (reason: Essential container in task exited)",
            "Stopped reason: Essential container in task exited\nContainer {comp}: exec /app/start.sh: no such file or directory",
        ],
        "short": ["Essential container in task exited"],
        "meanings": [
            "The application process crashed or exited with a non-zero exit code before ECS could mark the task as healthy.",
            "Exit code {exit_code} means the process ended on its own or was killed by a signal; the reason is usually in the first lines the container logged.",
            "Because {comp} is marked essential, its exit stops every other container in the task as well.",
        ],
        "causes": [
            ("Missing Python dependency",
             ("text", "# CloudWatch Logs:\nModuleNotFoundError: No module named '{module}'"),
             None,
             ("txt", "# Add to requirements.txt\n{module}=={ver}\n\n# Rebuild the Docker image\ndocker build -t {comp} .")),
            ("Missing environment variable",
             ("text", "# CloudWatch Logs:\nKeyError: '{envvar}'\nFile \"main.py\", line {line}, in <module>\n    value = os.environ['{envvar}']"),
             None,
             ("yaml", "# Add to the service definition\nservice:\n  environment:\n    {envvar}: {envref}")),
            ("Port binding error",
             ("text", "# CloudWatch Logs:\nOSError: [Errno 98] Address already in use"),
             "- Ensure the app listens on `0.0.0.0` not `127.0.0.1`\n- Make sure only one process binds port {port}", None),
            ("Entrypoint not executable",
             ("text", 'exec /app/start.sh: permission denied\nstandard_init_linux.go:228: exec user process caused: exec format error'),
             None,
             ("dockerfile", "COPY start.sh /app/start.sh\nRUN chmod +x /app/start.sh\nENTRYPOINT [\"/app/start.sh\"]")),
        ],
        "steps": [
            ("Check the exit code:",
             "aws ecs describe-tasks --cluster {cluster} --tasks {task} | jq '.tasks[0].containers[0].exitCode'\n# Exit code 1 = general error\n# Exit code 137 = OOM kill (out of memory)\n# Exit code 139 = segmentation fault"),
            ("Run the image locally with the same environment:",
             "docker run --rm --env-file .env.{env} {registry}/{comp}:{tag}"),
        ],
    },
    {
        "key": "oom", "http": 500,
        "titles": ["OutOfMemoryError: Container killed due to memory usage", "{comp} is OOM-killed under load",
                   "Memory limit of {mem} MiB exceeded"],
        "messages": [
            "Stopped reason: OutOfMemoryError: Container killed due to memory usage",
            "{ts} kernel: Memory cgroup out of memory: Killed process {pid} (python3) total-vm:{vm}kB, anon-rss:{rss}kB, file-rss:0kB",
            "OOMKilled: container {comp} exceeded memory limit ({mem}Mi), exit code 137",
        ],
        "short": ["OutOfMemoryError: Container killed due to memory usage", "Container killed due to memory usage"],
        "meanings": [
            "The container exceeded its memory allocation of {mem} MiB and the kernel killed it to protect the host.",
            "Memory grows with every request until the limit is reached, then the task is stopped with exit code 137.",
        ],
        "causes": [
            ("Memory allocation too low",
             ("yaml", "resources:\n  memory: {mem}  # ← too small for the app and its dependencies"),
             None,
             ("bash", "# Check memory usage before the failure\naws cloudwatch get-metric-statistics --namespace AWS/ECS \\\n  --metric-name MemoryUtilization \\\n  --dimensions Name=ServiceName,Value={comp} Name=ClusterName,Value={cluster} \\\n  --start-time $(date -u -d '-1 hour' +%FT%TZ) --end-time $(date -u +%FT%TZ) \\\n  --period 60 --statistics Maximum")),
            ("Memory leak",
             ("text", "# Memory grows over time:\n00:00  {n}00 MB\n01:00  {mem} MB\n01:20  killed"),
             "Profile the process with `tracemalloc` and release caches that grow without bound.",
             ("python", "import tracemalloc\ntracemalloc.start()\n# ... later\nfor stat in tracemalloc.take_snapshot().statistics('lineno')[:10]:\n    print(stat)")),
            ("Whole dataset loaded into memory",
             ("python", "# Load the entire table into memory\nrows = session.query(Order).all()"),
             None,
             ("python", "# Process in batches\nfor batch in session.query(Order).yield_per(1000):\n    handle(batch)")),
            ("Too many worker processes",
             ("bash", "gunicorn app:app --workers 8   # ← 8 copies of the app in {mem} MiB"),
             "Use `2 * vCPU + 1` workers at most, or switch to threads.", None),
        ],
        "steps": [
            ("Watch memory usage live:", "docker stats --no-stream {comp}"),
        ],
    },
    {
        "key": "pull", "http": 404,
        "titles": ["CannotPullContainerError", "Image {repo}:{tag} cannot be pulled", "Pull access denied for {comp} image"],
        "messages": [
            "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {registry}/{comp}:{tag}: {registry}/{comp}:{tag}: not found",
            "Stopped reason: CannotPullContainerError:\nError response from daemon: pull access denied for {registry}/{comp}, repository does not exist or may require 'docker login'",
            "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://{registry}/v2/{comp}/blobs/sha256:{sha}: 403 Forbidden",
        ],
        "short": ["Repository {comp} Does Not Exist", "CannotPullContainerError: pull access denied"],
        "meanings": [
            "ECS could not download the container image, so the task never started.",
            "The image reference `{registry}/{comp}:{tag}` could not be resolved, or the registry refused the request.",
        ],
        "causes": [
            ("Image tag does not exist",
             ("bash", "# List available tags\naws ecr describe-images --repository-name {comp} \\\n  --query 'imageDetails[].imageTags' --output text"),
             "Push the image, or point the task definition at a tag that exists.",
             ("bash", "docker push {registry}/{comp}:{tag}")),
            ("Execution role cannot read from ECR",
             ("json", '{\n  "Effect": "Allow",\n  "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],\n  "Resource": "*"\n}'),
             "Attach `AmazonECSTaskExecutionRolePolicy` to `{role}`.", None),
            ("No route to ECR from a private subnet",
             None,
             "- Add a NAT gateway to the subnet's route table\n- Or: create VPC endpoints for `ecr.api`, `ecr.dkr` and `s3`", None),
            ("Image in another region",
             ("text", "# Task runs in {region}, but the image is in {other_region}"),
             "Replicate the repository to {region} or reference the image in its own region.", None),
        ],
        "steps": [
            ("Log in to ECR and pull the image by hand:",
             "aws ecr get-login-password --region {region} \\\n  | docker login --username AWS --password-stdin {registry}\ndocker pull {registry}/{comp}:{tag}"),
        ],
    },
    {
        "key": "secrets", "http": 403,
        "titles": ["ResourceInitializationError (Secrets Manager)", "Secrets for {comp} cannot be retrieved",
                   "ResourceInitializationError when fetching {secret}"],
        "messages": [
            "Stopped reason: ResourceInitializationError:\nunable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::{account}:assumed-role/{role}/{task} is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:{region}:{account}:secret:{secret}-{hex6}",
            "ResourceInitializationError: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestError: send request failed caused by: Post \"https://ssm.{region}.amazonaws.com/\": dial tcp {ip}:443: i/o timeout",
        ],
        "short": ["ResourceInitializationError: unable to pull secrets or registry auth"],
        "meanings": [
            "Before starting the containers, the ECS agent fetches every secret the task definition references; one of them could not be read.",
            "The task execution role `{role}` is used for this call, not the task role of the application.",
        ],
        "causes": [
            ("Execution role lacks secretsmanager:GetSecretValue",
             ("json", '{\n  "Effect": "Allow",\n  "Action": "secretsmanager:GetSecretValue",\n  "Resource": "arn:aws:secretsmanager:{region}:{account}:secret:{secret}-*"\n}'),
             "Add the statement to the execution role, not to the task role.", None),
            ("Secret encrypted with a customer managed KMS key",
             None, "Allow `kms:Decrypt` on the key for `{role}` in the key policy.", None),
            ("No network path to Secrets Manager",
             ("text", "dial tcp {ip}:443: i/o timeout"),
             "Add a `secretsmanager` interface VPC endpoint or a NAT gateway for the task subnets.", None),
            ("Wrong secret ARN",
             ("yaml", "secrets:\n  - name: {envvar}\n    valueFrom: arn:aws:secretsmanager:{other_region}:{account}:secret:{secret}"),
             "Copy the full ARN, including the six-character suffix, from the Secrets Manager console.", None),
        ],
        "steps": [
            ("Read the secret with the execution role:",
             "aws sts assume-role --role-arn arn:aws:iam::{account}:role/{role} --role-session-name debug\naws secretsmanager get-secret-value --secret-id {secret}"),
        ],
    },
    {
        "key": "connrefused", "http": 502,
        "titles": ["Logs show \"Connection refused\"", "{comp} cannot reach its database", "Connection refused to {host}"],
        "messages": [
            "requests.exceptions.ConnectionError: HTTPConnectionPool(host='{host}', port={port}): Max retries exceeded with url: {path} (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f{hex12}>: Failed to establish a new connection: [Errno 111] Connection refused'))",
            "psycopg2.OperationalError: could not connect to server: Connection refused\n\tIs the server running on host \"{db}\" ({ip}) and accepting\n\tTCP/IP connections on port 5432?",
            "{ts} ERROR dial tcp {ip}:{port}: connect: connection refused",
        ],
        "short": ["Connection refused", "could not connect to server: Connection refused"],
        "meanings": [
            "{comp} reached the host, but nothing accepted the connection on the port it tried.",
            "A refused connection is answered immediately, unlike a firewall drop, which times out.",
        ],
        "causes": [
            ("Security group does not allow the traffic",
             ("bash", "aws ec2 describe-security-groups --group-ids sg-{hex8} \\\n  --query 'SecurityGroups[0].IpPermissions'\n# Should have an ingress rule for port 5432 from the task security group"),
             "Allow inbound traffic on the database port from the security group of the {comp} tasks.", None),
            ("Host set to localhost",
             ("text", "# Wrong\n{envvar}=postgresql://{user}@localhost:5432/app\n# Correct\n{envvar}=postgresql://{user}@{db}:5432/app"),
             None, None),
            ("Database instance stopped",
             ("bash", "aws rds describe-db-instances --db-instance-identifier {comp}-db \\\n  --query 'DBInstances[0].DBInstanceStatus'\n# Should be \"available\", not \"stopped\""),
             "Start the instance, and disable the automatic stop of development databases.", None),
            ("Upstream listens on 127.0.0.1",
             ("python", 'uvicorn.run(app, host="127.0.0.1", port={port})  # ← not reachable from other tasks'),
             None, ("python", 'uvicorn.run(app, host="0.0.0.0", port={port})')),
        ],
        "steps": [
            ("Test the connection from inside the container:", "nc -zv {db} 5432\n# Success: \"Connection to {db} 5432 port [tcp/*] succeeded!\""),
        ],
    },
    {
        "key": "accessdenied", "http": 403,
        "titles": ["AccessDeniedException when calling {op}", "User is not authorized to perform {svc}:{op}",
                   "{comp} task role is missing {svc} permissions"],
        "messages": [
            "An error occurred (AccessDeniedException) when calling the {op} operation: User: arn:aws:sts::{account}:assumed-role/{role}/{task} is not authorized to perform: {svc}:{op} on resource: arn:aws:{svc}:{region}:{account}:*",
            "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the {op} operation: Access Denied",
            "{ts} ERROR {comp} AccessDeniedException: User: arn:aws:iam::{account}:role/{role} is not authorized to perform: {svc}:{op} because no identity-based policy allows the {svc}:{op} action (RequestId: {uuid})",
        ],
        "short": ["User [arn] is not authorized to perform {svc}:{op}", "AccessDeniedException"],
        "meanings": [
            "The role that {comp} runs with has no policy that allows `{svc}:{op}` on the resource it asked for.",
            "IAM denies every action that no policy allows; an explicit deny in any policy wins over every allow.",
        ],
        "causes": [
            ("Missing policy statement",
             ("json", '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "{svc}:{op}", "Resource": "*"}\n  ]\n}'),
             "Add the action to the role's policy, scoped to the resources {comp} needs.", None),
            ("Explicit deny in a service control policy",
             None, "Ask the account administrators to check the SCPs and permission boundaries that apply to `{role}`.", None),
            ("Task role and execution role confused",
             ("json", '{\n  "taskRoleArn": "arn:aws:iam::{account}:role/{role}",\n  "executionRoleArn": "arn:aws:iam::{account}:role/ecsTaskExecutionRole"\n}'),
             "Permissions the application uses at run time belong to the task role.", None),
        ],
        "steps": [
            ("Simulate the call:",
             "aws iam simulate-principal-policy \\\n  --policy-source-arn arn:aws:iam::{account}:role/{role} \\\n  --action-names {svc}:{op}"),
            ("Check CloudTrail for the denied call:",
             "aws cloudtrail lookup-events \\\n  --lookup-attributes AttributeKey=EventName,AttributeValue={op} \\\n  --max-results 20 | jq -r '.Events[].CloudTrailEvent | fromjson | .errorCode'"),
        ],
    },
    {
        "key": "throttling", "http": 429,
        "titles": ["ThrottlingException: Rate exceeded", "{comp} is throttled by the {svc} API", "Too Many Requests from {comp}"],
        "messages": [
            "An error occurred (ThrottlingException) when calling the {op} operation (reached max retries: 4): Rate exceeded",
            "com.amazonaws.AmazonServiceException: Rate exceeded (Service: {svc}; Status Code: 400; Error Code: ThrottlingException; Request ID: {uuid})",
            "TOOMANYREQUESTS: Rate exceeded",
        ],
        "short": ["Too Many Requests or ThrottleException", "Rate exceeded"],
        "meanings": [
            "{comp} called `{op}` more often than the API allows for the account and region, and the calls were throttled.",
            "Each API has a token bucket: a burst is allowed, then calls are refilled at a steady rate per second.",
        ],
        "causes": [
            ("Retries without backoff",
             ("python", "while True:\n    try:\n        return client.{op}()\n    except ClientError:\n        continue  # ← retries immediately"),
             None,
             ("python", "from botocore.config import Config\nclient = boto3.client('{svc}', config=Config(retries={'mode': 'adaptive', 'max_attempts': 10}))")),
            ("Polling too often",
             None, "Poll every 30 seconds instead of every second, or subscribe to EventBridge events.", None),
            ("Many deployments at once",
             None, "- Stagger deployments of services in the same account\n- Request a quota increase for the API", None),
        ],
        "steps": [
            ("Count the calls per minute:",
             "aws cloudwatch get-metric-statistics --namespace AWS/Usage \\\n  --metric-name CallCount --dimensions Name=Service,Value={svc} Name=Resource,Value={op} \\\n  --statistics Sum --period 60 --start-time $(date -u -d '-1 hour' +%FT%TZ) --end-time $(date -u +%FT%TZ)"),
        ],
    },
    {
        "key": "tls", "http": 502,
        "titles": ["x509: certificate signed by unknown authority", "TLS handshake with {host} fails",
                   "Certificate verify failed for {host}"],
        "messages": [
            "Get \"https://{host}/v1/health\": x509: certificate signed by unknown authority",
            "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)",
            "{ts} ERROR tls: failed to verify certificate: x509: certificate is valid for *.internal.example.com, not {host}",
        ],
        "short": ["certificate verify failed", "x509: certificate signed by unknown authority"],
        "meanings": [
            "The client in {comp} did not trust the certificate that {host} presented, so it closed the connection.",
            "Certificate errors happen before any HTTP request is sent; the server logs nothing.",
        ],
        "causes": [
            ("CA bundle missing from a slim image",
             ("dockerfile", "FROM debian:bookworm-slim\n# ← no ca-certificates package"),
             None, ("dockerfile", "RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates")),
            ("Certificate expired",
             ("bash", "echo | openssl s_client -connect {host}:443 -servername {host} 2>/dev/null \\\n  | openssl x509 -noout -dates"),
             "Renew the certificate and enable automatic renewal in ACM.", None),
            ("Host name mismatch",
             None, "Call the service by a name that the certificate covers, or add the name to the certificate.", None),
        ],
        "steps": [
            ("Show the certificate chain:", "openssl s_client -showcerts -connect {host}:443 </dev/null"),
        ],
    },
    {
        "key": "timeout", "http": 504,
        "titles": ["Gateway Timeout from {comp}", "context deadline exceeded calling {host}",
                   "{comp} request times out after {seconds} seconds"],
        "messages": [
            "HTTP/1.1 504 Gateway Time-out\nServer: awselb/2.0\nDate: {http_date}\nContent-Type: text/html",
            "{ts} ERROR rpc error: code = DeadlineExceeded desc = context deadline exceeded (method=/{comp_us}.v1.{comp_camel}/Get, peer={ip}:{port})",
            "{ts} {uuid} Task timed out after {seconds}.00 seconds",
        ],
        "short": ["Gateway Timeout", "context deadline exceeded"],
        "meanings": [
            "A request to {comp} took longer than one of the timeouts along its path, and the caller gave up.",
            "The load balancer closes the connection after its idle timeout even if the target is still working.",
        ],
        "causes": [
            ("Idle timeout shorter than the request",
             ("bash", "aws elbv2 describe-load-balancer-attributes --load-balancer-arn arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/app/{comp}/{hex16}"),
             "Raise `idle_timeout.timeout_seconds`, or make the endpoint asynchronous.", None),
            ("Slow database query",
             ("text", "LOG:  duration: {ms}.512 ms  statement: SELECT * FROM orders WHERE customer_id = $1"),
             "Add the missing index.", ("sql", "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);")),
            ("Connection pool exhausted",
             ("text", "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00"),
             None, ("python", "engine = create_engine(url, pool_size=20, max_overflow=10, pool_pre_ping=True)")),
        ],
        "steps": [
            ("Time the request:", "curl -o /dev/null -s -w '%{time_total}\\n' https://{host}{path}"),
        ],
    },
    {
        "key": "disk", "http": 507,
        "titles": ["No space left on device in {comp}", "Ephemeral storage of {comp} is full",
                   "Disk full while writing to /tmp"],
        "messages": [
            "OSError: [Errno 28] No space left on device: '/tmp/{uuid}.part'",
            "failed to register layer: write /usr/lib/python3/dist-packages/{module}/{hex8}.so: no space left on device",
            "{ts} ERROR Could not write checkpoint to /var/lib/{comp}/state.db: database or disk is full (SQLITE_FULL)",
        ],
        "short": ["No space left on device"],
        "meanings": [
            "The file system that {comp} writes to is full; writes fail until space is freed.",
            "Fargate tasks get 20 GiB of ephemeral storage by default, shared by every container in the task.",
        ],
        "causes": [
            ("Logs written to a file inside the container",
             ("python", "logging.basicConfig(filename='/var/log/{comp}.log')  # ← grows forever"),
             "Log to standard output and let the awslogs driver ship the lines.", None),
            ("Temporary files never deleted",
             None, "Use `tempfile.TemporaryDirectory()` so that files are removed when the job ends.", None),
            ("Ephemeral storage too small",
             ("json", '{\n  "ephemeralStorage": {"sizeInGiB": 21}\n}'),
             "Increase `ephemeralStorage.sizeInGiB` (up to 200).", None),
            ("Old images fill the EC2 host",
             ("bash", "df -h /var/lib/docker\ndocker system df"),
             None, ("bash", "docker image prune -af --filter 'until=72h'")),
        ],
        "steps": [
            ("Find the largest folders:", "du -xh / 2>/dev/null | sort -h | tail -20"),
        ],
    },
    {
        "key": "dns", "http": 502,
        "titles": ["no such host when resolving {host}", "Name resolution fails for {host}", "getaddrinfo ENOTFOUND {host}"],
        "messages": [
            "dial tcp: lookup {host} on 169.254.169.253:53: no such host",
            "Error: getaddrinfo ENOTFOUND {host}\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26)",
            "socket.gaierror: [Errno -2] Name or service not known",
        ],
        "short": ["no such host", "getaddrinfo ENOTFOUND"],
        "meanings": [
            "The DNS resolver of the VPC did not know the name {host}.",
            "{comp} never opened a connection: the failure happens while looking up the address.",
        ],
        "causes": [
            ("DNS support disabled in the VPC",
             ("bash", "aws ec2 describe-vpc-attribute --vpc-id vpc-{hex8} --attribute enableDnsSupport"),
             "Enable `enableDnsSupport` and `enableDnsHostnames`.", None),
            ("Private hosted zone not associated",
             None, "Associate the private hosted zone with the VPC the tasks run in.", None),
            ("Service discovery name missing",
             ("yaml", "serviceConnectConfiguration:\n  enabled: true\n  namespace: {env}.local"),
             "Register {comp} in the Cloud Map namespace that clients use.", None),
        ],
        "steps": [
            ("Resolve the name inside the task:", "dig +short {host}\ncat /etc/resolv.conf"),
        ],
    },
    {
        "key": "traceback", "http": 500,
        "titles": ["{exc} in {comp} handler", "Unhandled {exc} at startup", "{comp} crashes with {exc}"],
        "messages": [
            "Traceback (most recent call last):\n  File \"/app/{comp_us}/handlers.py\", line {line}, in handle\n    result = client.call(**params)\n  File \"/usr/local/lib/python3.11/site-packages/botocore/client.py\", line 1009, in _make_api_call\n    raise error_class(parsed_response, operation_name)\nbotocore.errorfactory.{exc}: An error occurred ({exc}) when calling the {op} operation: Request {uuid} failed",
            "Exception in thread \"main\" com.example.{comp_us}.{exc}: lease {hex8} lost\n\tat com.example.{comp_us}.Worker.run(Worker.java:{line})\n\tat java.base/java.lang.Thread.run(Thread.java:833)",
            "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x{hex6}]\n\ngoroutine {n} [running]:\nmain.(*{comp_camel}).Handle(0x0)\n\t/src/{comp}/handler.go:{line} +0x1c",
        ],
        "short": ["{exc}"],
        "meanings": [
            "{comp} raised `{exc}` and nothing caught it, so the request failed with HTTP 500.",
            "The stack trace points at line {line}; the lines below it are library code.",
        ],
        "causes": [
            ("Unexpected input",
             ("json", '{"id": null, "items": []}'),
             "Validate the payload at the edge and return HTTP 400 for bad input.", None),
            ("Library upgraded with a breaking change",
             ("text", "# requirements.txt\n{module}>={ver}   # ← no upper bound"),
             None, ("text", "{module}=={ver}")),
            ("Shared state between requests",
             None, "Create the client per request or protect it with a lock.", None),
        ],
        "steps": [
            ("Find the first occurrence:",
             "aws logs filter-log-events --log-group-name /ecs/{comp} \\\n  --filter-pattern '\"{exc}\"' --max-items 5"),
        ],
    },
    {
        "key": "invalidparam", "http": 400,
        "titles": ["ClientException: invalid task definition", "InvalidParameterException when updating {comp}",
                   "Task definition for {comp} is rejected"],
        "messages": [
            "An error occurred (InvalidParameterException) when calling the RegisterTaskDefinition operation: Invalid 'cpu' setting for task.",
            "An error occurred (ClientException) when calling the RegisterTaskDefinition operation: Container.image should not be null or empty.",
            "InvalidParameterException: The target group with targetGroupArn arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{comp}-tg/{hex16} does not have an associated load balancer.",
        ],
        "short": ["Invalid 'cpu' setting for task", "Container.image should not be null or empty"],
        "meanings": [
            "ECS validated the request and rejected it before anything was deployed; the running tasks are unchanged.",
            "The message names the field that is wrong.",
        ],
        "causes": [
            ("Invalid CPU and memory combination",
             ("json", '{\n  "cpu": "{cpu}",\n  "memory": "{mem}"\n}'),
             "Use a combination Fargate supports, e.g. 512 CPU units with 1024-4096 MiB.", None),
            ("Image variable empty in CI",
             ("yaml", "image: {registry}/{comp}:${IMAGE_TAG}   # ← IMAGE_TAG not set in this job"),
             "Fail the pipeline early when the variable is empty.", None),
            ("Target group not attached to a load balancer",
             None, "Create the listener rule that forwards to the target group before creating the service.", None),
        ],
        "steps": [
            ("Render the task definition that is sent:", "ecspresso render task-definition --config {comp}/ecspresso.yml | jq ."),
        ],
    },
    {
        "key": "s3", "http": 403,
        "titles": ["NoSuchBucket when {comp} uploads", "S3 returns 403 Forbidden for {bucket}",
                   "SlowDown: Please reduce your request rate"],
        "messages": [
            "botocore.errorfactory.NoSuchBucket: An error occurred (NoSuchBucket) when calling the PutObject operation: The specified bucket does not exist",
            "An error occurred (403) when calling the HeadObject operation: Forbidden",
            "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>{hex16}</RequestId><HostId>{sha}</HostId></Error>",
        ],
        "short": ["The specified bucket does not exist", "Please reduce your request rate"],
        "meanings": [
            "Amazon S3 refused the request for bucket `{bucket}`.",
            "S3 answers 403 instead of 404 when the caller may not list the bucket, so a missing object can look like a permission error.",
        ],
        "causes": [
            ("Bucket name differs per environment",
             ("text", "S3_BUCKET={bucket}   # set for {env}, but the bucket is {bucket}-v2"),
             "Read the bucket name from the environment, not from code.", None),
            ("Bucket policy denies the role",
             ("bash", "aws s3api get-bucket-policy --bucket {bucket} | jq -r .Policy | jq ."),
             "Allow `{role}` in the bucket policy, or remove the explicit deny.", None),
            ("Hot prefix",
             None, "Spread keys over several prefixes and retry with backoff.", None),
        ],
        "steps": [
            ("Repeat the call with the same role:", "aws s3api head-object --bucket {bucket} --key exports/{uuid}.csv"),
        ],
    },
    {
        "key": "lambda", "http": 502,
        "titles": ["Lambda {comp} times out", "Runtime.ImportModuleError in {comp}", "401 Unauthorized when the {comp} Lambda runs"],
        "messages": [
            "{ts} {uuid} Task timed out after {seconds}.00 seconds",
            '{"errorMessage": "Unable to import module \'handler\': No module named \'{module}\'", "errorType": "Runtime.ImportModuleError", "requestId": "{uuid}"}',
            "Response: <Response [401]>",
        ],
        "short": ["Runtime.ImportModuleError", "Task timed out"],
        "meanings": [
            "The function {comp} did not finish: it either crashed while loading or ran past its timeout of {seconds} seconds.",
            "Lambda reports the error in CloudWatch Logs under the log group `/aws/lambda/{comp}`.",
        ],
        "causes": [
            ("Dependency not in the deployment package",
             ("bash", "unzip -l function.zip | grep {module} || echo missing"),
             None, ("bash", "pip install -r requirements.txt -t package/\ncd package && zip -r ../function.zip .")),
            ("Timeout too short",
             None, "Raise the timeout, or move the slow work to a queue.", None),
            ("Bad credentials in Parameter Store",
             ("bash", "aws ssm get-parameter --name /{env}/{comp}/api-key --with-decryption"),
             "Rotate the API key and update the parameter; the next cold start picks it up.", None),
        ],
        "steps": [
            ("Invoke the function by hand:", "aws lambda invoke --function-name {comp} --payload '{}' out.json && cat out.json"),
        ],
    },
]

# Causes and steps that fit any family; entries mix them with their family's own.
GENERIC_CAUSES = [
    ("Recent deployment changed the configuration",
     ("bash", "git diff HEAD~1 -- deploy/{comp}/task-definition.json"),
     "Roll back to the previous task definition revision while you investigate.",
     ("bash", "aws ecs update-service --cluster {cluster} --service {comp} \\\n  --task-definition {comp}:{rev}")),
    ("Wrong region in configuration",
     ("text", "# Task runs in {region}, but the resource lives in {other_region}"),
     "Use the same region for the service and every resource it reads.", None),
    ("Stale credentials cached in the container",
     None, "Restart the tasks so that they pick up fresh credentials from the task role:",
     ("bash", "aws ecs update-service --cluster {cluster} --service {comp} --force-new-deployment")),
    ("Dependency version mismatch",
     ("text", "# CloudWatch Logs:\nImportError: cannot import name 'Client' from '{module}'"),
     None, ("text", "# requirements.txt\n{module}=={ver}")),
    ("Out-of-date base image",
     ("dockerfile", "FROM python:3.8-slim   # ← end of life"),
     None, ("dockerfile", "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt")),
    ("Environment variable points at the wrong environment",
     ("bash", "aws ecs describe-task-definition --task-definition {comp}:{rev} \\\n  --query 'taskDefinition.containerDefinitions[0].environment'"),
     "Check that `{envvar}` names the {env} resources.", None),
]
GENERIC_STEPS = [
    ("Read CloudWatch Logs:", "aws logs tail /ecs/{comp} --follow --since 1h\n# Look for Traceback, Error:, panic:"),
    ("Describe the stopped task:",
     "aws ecs describe-tasks --cluster {cluster} --tasks {task} \\\n  | jq '.tasks[0].stoppedReason, .tasks[0].containers[].reason'"),
    ("List recent service events:",
     "aws ecs describe-services --cluster {cluster} --services {comp} \\\n  | jq -r '.services[0].events[:10][].message'"),
    ("Test the container locally:",
     "docker-compose up {comp}\n# Watch for startup errors in terminal output"),
    ("Check the task definition:",
     "aws ecs describe-task-definition --task-definition {comp}:{rev} \\\n  --query 'taskDefinition.containerDefinitions[0]'"),
    ("Search the logs for the request id:",
     "aws logs filter-log-events --log-group-name /ecs/{comp} \\\n  --filter-pattern '\"{uuid}\"' --start-time $(date -d '-2 hours' +%s000)"),
    ("Compare with the last working deployment:",
     "ecspresso diff --config {comp}/ecspresso.yml\ngit log --oneline -5 -- deploy/{comp}/"),
]
MEANING_EXTRAS = [
    "This usually shows up right after a deployment of {comp} to the {env} cluster.",
    "The error is reported by ECS, not by the application; the application itself may log nothing.",
    "It affects every task of the service until the underlying problem is fixed.",
    "Retrying the deployment without a change gives the same result.",
    "The same error can appear intermittently when only some tasks are affected.",
]

# Headings errbook knows for each part; varied so that the vocabulary matching is exercised.
EN_PART_HEADINGS = {
    "message": ["Error Message", "Error Message", "Error Message", "Error Message (in CloudWatch Logs)", "Error Output"],
    "meaning": ["What It Means", "What It Means", "What It Means", "Why It Happens", "Explanation"],
    "causes": ["Common Causes", "Common Causes", "Common Causes", "Possible Causes", "Causes and Solutions"],
    "debugging": ["Debugging Steps", "Debugging Steps", "Debugging Steps", "How to Debug", "Troubleshooting Steps"],
}

MERMAID_EN = [
    "Error reported", "Check service events", "Read CloudWatch Logs", "Fix configuration",
    "Check IAM policy", "Redeploy", "Done", "Roll back", "Run locally", "Compare task definitions",
    "Open support case", "Check security groups", "Increase limits", "Restart tasks", "Verify image",
]
MERMAID_EN_DECISIONS = ["Reproducible?", "Logs show error?", "Healthy?", "Permission error?", "Fixed?"]


def mermaid(rng, labels, decisions):
    """A `graph TD` flow of 4-10 nodes: a chain with one decision that branches and rejoins."""
    n = rng.randint(4, 10)
    names = rng.sample(labels, n - 1)
    d = rng.randint(1, n - 3)  # the decision node; two branches follow it
    names.insert(d, rng.choice(decisions))
    ids = [chr(ord("A") + i) for i in range(n)]
    shown = set()

    def node(i):
        if i in shown:
            return ids[i]
        shown.add(i)
        return f"{ids[i]}{{{names[i]}}}" if i == d else f"{ids[i]}[{names[i]}]"

    yes, no = ("Yes", "No") if decisions is MERMAID_EN_DECISIONS else ("はい", "いいえ")
    lines = ["graph TD"]
    for i in range(d):
        lines.append(f"    {node(i)} --> {node(i + 1)}")
    lines.append(f"    {node(d)} -->|{yes}| {node(d + 1)}")
    lines.append(f"    {ids[d]} -->|{no}| {node(d + 2)}")
    for i in range(d + 2, n - 1):
        lines.append(f"    {node(i)} --> {node(i + 1)}")
    if d + 2 < n - 1:
        lines.append(f"    {ids[d + 1]} --> {ids[n - 1]}")
    return fence("mermaid", "\n".join(lines))


# ---------------------------------------------------------------------------------------------
# Style 1: English error catalog (markdown, bold labels)
# ---------------------------------------------------------------------------------------------

def pick_size(rng):
    """How big an entry is: (causes, steps, meaning paragraphs). Mostly medium, some tiny, some long."""
    size = rng.choices(["short", "medium", "long"], weights=[3, 5, 2])[0]
    if size == "short":
        return rng.randint(1, 2), rng.randint(0, 1), 1
    if size == "medium":
        return rng.randint(2, 3), rng.randint(1, 3), rng.randint(1, 2)
    return rng.randint(4, 5), rng.randint(3, 5), rng.randint(2, 3)


def en_title(rng, ids, fam, p, code):
    """A unique English title: the family's title with the component and the error code."""
    base = fill(rng.choice(fam["titles"]), p)
    comp = p["comp"]
    with_comp = base if comp in base else f"{base} in {comp}"
    return ids.claim_title([
        rng.choice([f"{with_comp} ({code})", f"{with_comp} [{code}]", f"{code}: {with_comp}"]),
        f"{code}: {base}",
        f"{code}: {fam['key']} failure in {comp}",
    ])


def render_cause(rng, k, cause, p):
    """`**Cause k: title**`, the code that shows it, then `**Solution:**` with text and/or code."""
    title, code, fix, fix_code = cause
    out = [f"**Cause {k}: {fill(title, p)}**\n"]
    if code:
        out.append(fence(code[0], fill(code[1], p)))
    if fix and not fix_code and "\n" not in fix and rng.random() < 0.6:
        out.append(f"**Solution:** {fill(fix, p)}\n")
    elif fix or fix_code:
        # As in the sample: text, a list or a fence directly under the label, no blank line.
        parts = ["**Solution:**"]
        if fix:
            parts.append(fill(fix, p))
        if fix_code:
            parts.append(fence(fix_code[0], fill(fix_code[1], p)).rstrip("\n"))
        out.append("\n".join(parts) + "\n")
    return "\n".join(out)


def catalog_entry(rng, num, title, fam, p, with_mermaid):
    n_causes, n_steps, n_meanings = pick_size(rng)
    heads = {part: rng.choice(options) for part, options in EN_PART_HEADINGS.items()}
    out = [f"## Error {num}: {title}\n", f"### {heads['message']}\n"]
    message = fill(rng.choice(fam["messages"]), p)
    if "\n" not in message and not message[:4].isdigit() and rng.random() < 0.3:
        # Some catalogs show the full log line with a timestamp and request id.
        message = f"{p['ts']} {p['uuid']} {message}"
    out.append(fence("", message))
    out.append(f"### {heads['meaning']}\n")
    meanings = rng.sample(fam["meanings"], min(n_meanings, len(fam["meanings"])))
    if rng.random() < 0.4:
        meanings.append(rng.choice(MEANING_EXTRAS))
    out.extend(fill(m, p) + "\n" for m in meanings)

    causes = rng.sample(fam["causes"], min(n_causes, len(fam["causes"])))
    if len(causes) < n_causes:
        causes += rng.sample(GENERIC_CAUSES, n_causes - len(causes))
    out.append(f"### {heads['causes']}\n")
    for k, cause in enumerate(causes, 1):
        out.append(render_cause(rng, k, cause, p))

    if n_steps:
        steps = fam["steps"] + rng.sample(GENERIC_STEPS, n_steps)
        steps = rng.sample(steps, n_steps)
        out.append(f"### {heads['debugging']}\n")
        for k, (step, code) in enumerate(steps, 1):
            out.append(f"{k}. **{step}**\n" + fence("bash", fill(code, p)))
    if with_mermaid:
        out.append(mermaid(rng, MERMAID_EN, MERMAID_EN_DECISIONS))
    out.append("---\n")
    return "\n".join(out)


def catalog_doc(rng, ids, system, count):
    out = [f"# {system} Error Catalog\n",
           f"Common {system} deployment errors with step-by-step solutions.\n", "---\n"]
    titles = []
    for num in range(1, count + 1):
        fam = rng.choice(FAMILIES)
        p = entry_params(rng, component(rng))
        title = en_title(rng, ids, fam, p, ids.code())
        titles.append(title)
        out.append(catalog_entry(rng, num, title, fam, p, rng.random() < MERMAID_RATE_EN))
    if rng.random() < 0.5:
        # A closing section without role parts: guidance, not an entry.
        out.append("## Summary\n")
        out.append("Most errors above come down to one of these:\n")
        out.append("\n".join(f"- {t}" for t in rng.sample(titles, min(5, len(titles)))) + "\n")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Style 2: English notes with HTML headings
# ---------------------------------------------------------------------------------------------

HTML_OPENERS = [
    "You may see this error in the ECS console as the reason a task stopped (or rather, failed to stop):",
    "We have seen this in the CloudWatch logs of {comp} after deployments:",
    "If {comp} is not working, and you see this in the logs:",
    "An error we have seen resulting from this is:",
]
# The sentence right after the quoted error; it may continue the opener's sentence.
HTML_FOLLOW = [
    "it might be a sign that {comp} has bad credentials for the API it calls.",
    "This means that something went wrong before the application could start.",
    "This means the task never reached a running state.",
]
HTML_AFTER = [
    "Restarting the ECS agent on the EC2 host machine resolved that issue.",
    "The easiest fix is to terminate the EC2 container hosts, and wait for them to be restarted by the autoscaling group.",
    "These settings are kept in Parameter Store, then injected into the service by Terraform (see `{comp_us}.tf`).",
    "Although permissions are correctly configured, the task can still fail this way.",
]
HTML_INTROS = [
    "This happens intermittently, usually when the same task has been stopped and restarted repeatedly.",
    "In {env} we saw this while rolling out a new version of {comp}.",
    "It is possible for {comp} to get into a bad state that prevents containers from starting.",
    "We noticed this after the nightly job of {comp} stopped producing output.",
]


def html_entry(rng, ids, fam, p, with_mermaid):
    title = fill(rng.choice(fam["titles"]), p)
    if p["comp"] not in title:
        title = f"{title} on {p['comp']}"
    anchor = ids.claim_anchor(f"{fam['key']}_{p['comp_us']}_{ids.code()[1:]}")
    out = [f'<h2 id="{anchor}">\n  {title}\n</h2>\n']
    out.append(fill(rng.choice(HTML_INTROS), p) + "\n")
    if rng.random() < 0.25:
        out.append(f"![]({fam['key']}_{p['hex6']}.png)\n")
    out.append(fill(rng.choice(HTML_OPENERS), p) + "\n")
    # One line of the message: a quote holds a paragraph, so multi-line logs are cut to the first line.
    out.append("> " + fill(rng.choice(fam["messages"]), p).split("\n")[0] + "\n")
    out.append(fill(rng.choice(HTML_FOLLOW), p) + "\n")
    out.extend(fill(t, p) + "\n" for t in rng.sample(HTML_AFTER, rng.randint(0, 2)))
    if rng.random() < 0.4:
        out.append("You can inspect the host by SSHing to it via the bastion host:\n")
        out.append(fence("sh", f"ssh -A -i ~/.ssh/{p['comp_us']} ec2-user@bastion-host.in.aws\n"
                               f"ssh -i ~/.ssh/{p['comp_us']} ec2-user@{p['ip']}\ndocker ps --filter name={p['comp']}"))
    if rng.random() < 0.3:
        out.append(f"If so, follow the instructions [to rotate the credentials](../{p['comp_us']}_credentials).\n")
    if with_mermaid:
        out.append(mermaid(rng, MERMAID_EN, MERMAID_EN_DECISIONS))
    return anchor, title, "\n".join(out)


def html_doc(rng, ids, system, count):
    entries = []
    for _ in range(count):
        fam = rng.choice(FAMILIES)
        p = entry_params(rng, component(rng))
        entries.append(html_entry(rng, ids, fam, p, rng.random() < MERMAID_RATE_EN))
    toc = "\n".join(f"*   [{title}](#{anchor})" for anchor, title, _ in entries)
    head = (f"# Troubleshooting\n\nThis document has some notes on errors seen in our {system} deployment, "
            f"and how to fix them:\n\n{toc}\n\n\n")
    return head + "\n\n\n".join(body for _, _, body in entries)


# ---------------------------------------------------------------------------------------------
# Style 4: English plain text, as copied out of a web page
# ---------------------------------------------------------------------------------------------

PRODUCTS = ["Amazon ECR", "Amazon ECS", "AWS Lambda", "Amazon S3", "AWS Secrets Manager",
            "Elastic Load Balancing", "AWS CodeDeploy", "Amazon RDS"]
_IDENTIFIER = re.compile(r"^[A-Z][A-Za-z0-9]*(Error|Exception)$")


def is_text_heading(line):
    """errbook's plain-text heading test for a line (its shape, not its position)."""
    return (len(line) <= 100 and len(line.split()) <= 16 and not line.endswith((".", ",", ";", ":"))
            and (line[0].isupper() or line[0].isdigit() or line[0] == '"'))


def wrap_web_text(rng, text):
    """Breaks a paragraph into lines the way text extracted from a web page is broken.

    Lines break only before a word that starts in lower case, so errbook joins them back into
    one paragraph (a line starting in lower case continues the one before). An error name is
    sometimes left on a line of its own, as a link or inline code would leave it, but never
    right after the paragraph's first line: a short first line followed by a capitalised line
    reads as a heading. A `\\n` in `text` forces a break (for a final "." on its own line).
    """
    lines = []
    for segment in text.split("\n"):
        words = segment.split()
        width = rng.randint(45, 110)
        cur = []
        for i, w in enumerate(words):
            nxt = words[i + 1] if i + 1 < len(words) else None
            isolate = (lines and cur and _IDENTIFIER.match(w) and not cur[-1].endswith((".", ":", "!", "?"))
                       and nxt and nxt[0].islower() and rng.random() < 0.5)
            if isolate:
                lines.append(" ".join(cur))
                lines.append(w)
                cur = []
                continue
            if cur and len(" ".join(cur)) + len(w) > width and w[0].islower():
                lines.append(" ".join(cur))
                cur = []
            cur.append(w)
        if cur:
            lines.append(" ".join(cur))
    return lines


def sentence_start(text):
    """A paragraph of web text must start with a capital, or errbook joins it to the one before."""
    return text if text[0].isupper() else "In this case, " + text


def as_clause(text):
    """'The load balancer ...' → 'the load balancer ...', for "This indicates that ..."; keeps 'ECS'."""
    first = text.split()[0]
    plain_word = first[1:].islower() or len(first) == 1
    return first.lower() + text[len(first):] if plain_word else text


def text_heading(rng, ids, fam, p, code):
    short = fill(rng.choice(fam["short"]), p).replace('"', "'")
    reason = HTTP_REASONS[fam["http"]]
    candidates = [
        f'HTTP {fam["http"]}: "{short}" in {p["comp"]} ({code})',
        f'HTTP {fam["http"]}: {reason} or {p["exc"]} in {p["comp"]} ({code})',
        f"Error: {short} ({code})",
        f'"{short}" error in {p["comp"]} ({code})',
    ]
    rng.shuffle(candidates)
    fitting = [c for c in candidates if is_text_heading(c)]
    return ids.claim_title(fitting + [f"{p['exc']} in {p['comp']} ({code})"])


def text_entry(rng, ids, fam, p, product):
    heading = text_heading(rng, ids, fam, p, ids.code())
    short = fill(rng.choice(fam["short"]), p)
    lines = [heading]
    # The opening paragraph names the error in prose, in one of the ways the ECR page does.
    kind = rng.randrange(4)
    if kind == 0:
        opening = (f"You may receive a {fam['http']}: {HTTP_REASONS[fam['http']]} error or a {p['exc']} "
                   f"error from one or more {product} commands or API calls made by {p['comp']}.")
    elif kind == 1:
        opening = (f"If you are using Docker tools with {product}, then for {p['comp']} you may see "
                   f"the error message {short}\n.")
    elif kind == 2:
        opening = (f"If you receive the error {short}\n, the following troubleshooting steps should help.")
    else:
        opening = f"You may receive the following error when {p['comp']} calls {p['op']}:"
    lines += wrap_web_text(rng, opening)
    if kind == 3:
        # An announced example: the command after a `$` line, then the error split at its ARN.
        cli_op = re.sub("([a-z])([A-Z])", r"\1-\2", p["op"]).lower()  # GetObject → get-object
        lines += ["$", f"aws {p['svc']} {cli_op}",
                  f"A client error ({p['exc']}) occurred when calling the {p['op']} operation: User: arn:aws:iam::{p['account']}",
                  f":role/{p['role']}",
                  f"is not authorized to perform: {p['svc']}:{p['op']} on resource: *"]
    for meaning in rng.sample(fam["meanings"], rng.randint(1, len(fam["meanings"]))):
        meaning = fill(meaning, p)
        if rng.random() < 0.3:
            meaning = "This indicates that " + as_clause(meaning)
        lines += wrap_web_text(rng, sentence_start(meaning))
    if kind == 2:
        # Steps as the page's bullets: a line holding only "-" before each item.
        for title, _, fix, _ in rng.sample(fam["causes"], min(3, len(fam["causes"]))):
            item = f"Verify that the problem is not {as_clause(fill(title, p))}. " + (
                fill(fix, p).replace("\n", " ").replace("- ", "") if fix else "")
            lines.append("-")
            lines += wrap_web_text(rng, item.strip().rstrip(".:") + ".")
    else:
        for title, _, fix, _ in rng.sample(fam["causes"], rng.randint(1, min(2, len(fam["causes"])))):
            fix_text = fill(fix, p).replace("\n", " ").replace("- ", "").rstrip(".:") + "." if fix else ""
            lines += wrap_web_text(rng, f"In particular, check for {as_clause(fill(title, p))}. {fix_text}".strip())
    lines += wrap_web_text(rng, f"For more information about {p['comp']}, see Troubleshooting in the "
                                f"{product} Developer Guide.")
    return lines


def text_doc(rng, ids, system, count):
    product = rng.choice(PRODUCTS)
    lines = [f"Troubleshooting {product} error messages for {system}",
             *wrap_web_text(rng, f"In some cases, an API call that you have triggered through the {product} console "
                                 "or the AWS CLI exits with an error message. Some common error messages and "
                                 "potential solutions are explained below.")]
    for _ in range(count):
        fam = rng.choice(FAMILIES)
        lines += text_entry(rng, ids, fam, entry_params(rng, component(rng)), product)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Style 3: Japanese pages (Jekyll front matter, 症状 / 原因 labels)
# ---------------------------------------------------------------------------------------------

JA_SYSTEMS = ["在庫管理", "決済", "会員", "受注", "配送", "請求", "ポイント", "通知", "検索", "画像変換",
              "帳票", "予約", "顧客管理", "認証", "ログ集約", "データ連携"]
JA_SYSTEM_TAILS = ["API", "バッチ", "ワーカー", "サービス", "基盤", "ゲートウェイ"]
JA_SUBJECTS = ["デプロイ", "タスクの起動", "ロールバック", "サービスの更新", "ヘルスチェック", "イメージのプル",
               "シークレットの取得", "ログの転送", "オートスケーリング", "DB接続", "環境変数の読み込み",
               "ターゲットグループへの登録", "バッチジョブ", "スケジュール実行", "証明書の更新",
               "設定ファイルの読み込み", "キャッシュの更新", "メトリクスの送信", "ファイルのアップロード",
               "コンテナのビルド", "マイグレーション", "ブルーグリーンデプロイ"]
JA_PREDICATES = ["に失敗する", "が完了しない", "がタイムアウトする", "が途中で止まる", "が反映されない",
                 "が断続的に失敗する", "が極端に遅い", "ができない", "でエラーになる", "が終わらない"]
JA_EVENTS = ["前回のデプロイ", "設定変更", "ベースイメージの更新", "証明書の更新", "定期メンテナンス",
             "IAMポリシーの変更", "VPCの構成変更", "ライブラリの更新"]
JA_ENVS = ["本番", "ステージング", "検証", "開発"]
JA_COMMANDS = ["ecspresso deploy", "ecspresso rollback", "ecspresso run", "ecspresso verify",
               "aws ecs update-service", "terraform apply", "docker push", "ecspresso diff"]
JA_FAILS = ["失敗する", "途中で終了する", "応答しなくなる", "終了コード 1 で終了する", "数十分待っても完了しない"]
JA_BADS = ["タスクが停止する", "ロールバックされる", "タイムアウトになる", "コンテナが再起動される"]
JA_BADS2 = ["変更が反映されていない", "古いタスクが残り続ける", "一部のリクエストが失敗する", "ログが出力されない"]
JA_MESSAGES = ["タスク定義の登録に失敗しました", "指定されたロールを引き受けることができません",
               "接続がタイムアウトしました", "ファイルが見つかりません", "権限が不足しています",
               "イメージの取得に失敗しました", "設定値が不正です", "メモリ不足のためプロセスが終了しました"]

# (cause title, explanation bullets, solution). {comp} is filled per entry.
JA_CAUSES = [
    ("タスク定義の問題", ["コンテナ定義が正しくない", "リソース制限（CPU/メモリ）が不適切"], "`ecspresso verify` を実行して問題を特定"),
    ("サービス定義の問題", ["ネットワーク設定が正しくない", "ロードバランサーの設定が正しくない"], "`ecspresso diff` で差分を確認し、問題を修正"),
    ("AWS権限の問題", ["IAMロールに必要な権限がない"], "IAMポリシーを確認し、必要な権限を追加"),
    ("リソース制限", ["クラスターのキャパシティが不足している"], "クラスターのキャパシティを増やすか、タスク数を減らす"),
    ("コンテナの問題", ["コンテナのエントリポイントやコマンドが正しくない"], "コンテナのログを確認し、エントリポイントやコマンドを修正"),
    ("メモリ不足", ["コンテナに割り当てられたメモリが不足している"], "タスク定義のメモリ設定を増やす"),
    ("ヘルスチェック失敗", ["ヘルスチェックのパスが正しくない", "アプリケーションの起動に時間がかかる"],
     "ヘルスチェックの猶予期間を延ばし、アプリケーションが正しく応答することを確認"),
    ("ネットワーク問題", ["セキュリティグループの設定が正しくない", "サブネットのルートテーブルにNATゲートウェイがない"],
     "セキュリティグループとルートテーブルを確認し、必要な通信を許可"),
    ("環境ファイルの形式が正しくない", [], "環境ファイルの形式を確認し、正しい形式に修正"),
    ("環境変数の優先順位の問題", [], "環境変数の優先順位を理解し、適切に設定"),
    ("シークレットの参照が正しくない", ["Secrets ManagerのARNが誤っている", "タスク実行ロールに secretsmanager:GetSecretValue 権限がない"],
     "ARNとタスク実行ロールのポリシーを確認"),
    ("イメージが存在しない", ["指定したタグのイメージがECRにプッシュされていない"],
     "`aws ecr describe-images` でタグを確認し、イメージを再プッシュ"),
    ("DNS解決の問題", ["VPCのDNSホスト名が無効になっている"], "VPCの設定で enableDnsHostnames と enableDnsSupport を有効化"),
    ("タイムアウト値が短すぎる", ["デプロイ完了まで待機する時間が足りない"], "`--timeout` オプションまたは設定ファイルでタイムアウト値を延長"),
    ("証明書の期限切れ", ["ACMの証明書が更新されていない"], "証明書の有効期限を確認し、再発行する"),
    ("ディスク容量不足", ["エフェメラルストレージを使い切っている", "ログファイルがコンテナ内に溜まっている"],
     "不要なファイルを削除するか、ephemeralStorage を増やす"),
    ("依存サービスの障害", ["接続先のデータベースが停止している", "外部APIが応答していない"], "依存サービスの状態を確認し、リトライ処理を追加"),
    ("設定値の誤り", ["環境ごとの設定ファイルを取り違えている"], "`ecspresso render` で展開後の設定を確認"),
    ("APIのレート制限", ["短時間に同じAPIを繰り返し呼び出している"], "リトライ間隔を指数バックオフにし、同時実行数を減らす"),
    ("以前のタスク定義が存在しない", [], "`ecspresso revisions` で利用可能なリビジョンを確認し、特定のリビジョンを指定"),
    ("サービスの状態が不安定", [], "`ecspresso status` でサービスの状態を確認し、必要に応じて手動で修正"),
    ("タイムゾーンの設定", ["コンテナのタイムゾーンがUTCのままになっている"], "環境変数 TZ を設定する"),
    ("古いベースイメージ", ["{comp} のベースイメージがサポート終了になっている"], "ベースイメージを更新し、再ビルドする"),
    ("デプロイ設定の不整合", ["{comp} の ecspresso.yml とタスク定義のクラスター名が一致しない"], "設定ファイルのクラスター名とサービス名を揃える"),
]

# (message, 原因, 対応 steps) for entries titled with the English error message itself.
JA_ERROR_ENTRIES = [
    ("failed to register task definition", "タスク定義の登録に失敗しました。",
     ["タスク定義の内容を確認", "IAM権限を確認", "`--debug` フラグを使用して詳細なエラーメッセージを確認"]),
    ("failed to update service", "サービスの更新に失敗しました。",
     ["サービス定義の内容を確認", "クラスターのキャパシティを確認", "`ecspresso status` でサービスの現在の状態を確認"]),
    ("timeout waiting for service stable", "サービスが安定するのを待機している間にタイムアウトしました。",
     ["タスクのログを確認", "ヘルスチェックの設定を確認", "タイムアウト値を増やす（`--timeout` オプションまたは設定ファイルで設定）"]),
    ("failed to describe services", "サービス情報の取得に失敗しました。指定したクラスターまたはサービスが存在しない可能性があります。",
     ["クラスター名とサービス名を確認", "`aws ecs list-services` で存在を確認", "リージョンの設定を確認"]),
    ("failed to create service", "サービスの作成に失敗しました。",
     ["ロードバランサーとターゲットグループの設定を確認", "サブネットとセキュリティグループを確認", "サービス連携ロールが存在するか確認"]),
    ("failed to load config", "設定ファイルの読み込みに失敗しました。YAMLの構文またはファイルパスに誤りがあります。",
     ["`--config` で指定したパスを確認", "YAMLのインデントを確認", "テンプレート関数の引数を確認"]),
    ("failed to render template", "テンプレートの展開に失敗しました。参照している環境変数が未定義です。",
     ["`must_env` で参照している環境変数を確認", "CIのジョブで環境変数が設定されているか確認"]),
    ("failed to assume role", "IAMロールの引き受けに失敗しました。",
     ["ロールの信頼ポリシーを確認", "セッションの有効期限を確認", "MFAが必要な設定になっていないか確認"]),
    ("service not found", "指定したサービスがクラスター内に見つかりません。",
     ["`ecspresso init` で設定を作り直す", "サービスが削除されていないか確認"]),
    ("task definition not found", "指定したタスク定義のリビジョンが見つかりません。",
     ["`ecspresso revisions` でリビジョンを確認", "登録解除されたリビジョンを指定していないか確認"]),
    ("context deadline exceeded", "API呼び出しが制限時間内に完了しませんでした。",
     ["ネットワーク経路を確認", "VPCエンドポイントの設定を確認", "リトライ回数を増やす"]),
    ("failed to run task", "タスクの実行に失敗しました。",
     ["`ecspresso run --debug` で詳細を確認", "キャパシティプロバイダーの設定を確認", "タスクの停止理由を確認"]),
    ("failed to get secret value", "Secrets Manager からシークレットを取得できませんでした。",
     ["シークレットのARNを確認", "タスク実行ロールの権限を確認", "KMSキーのポリシーを確認"]),
    ("AccessDeniedException: not authorized to perform ecs:UpdateService", "デプロイに使用しているIAMユーザーまたはロールに権限がありません。",
     ["デプロイ用ロールのポリシーに ecs:UpdateService を追加", "iam:PassRole の権限を確認"]),
    ("InvalidParameterException: container does not exist in the task definition", "サービスのロードバランサー設定が参照するコンテナ名がタスク定義にありません。",
     ["サービス定義の containerName を確認", "タスク定義のコンテナ名を確認"]),
    ("ThrottlingException: Rate exceeded", "APIのレート制限を超えました。",
     ["同時に実行しているデプロイの数を減らす", "しばらく待ってから再実行"]),
    ("no space left on device", "コンテナのディスク容量が不足しています。",
     ["エフェメラルストレージのサイズを確認", "一時ファイルの削除処理を確認"]),
    ("exec format error", "イメージのCPUアーキテクチャとタスクのプラットフォームが一致していません。",
     ["`docker buildx build --platform linux/amd64` でビルド", "runtimePlatform の設定を確認"]),
    ("CannotPullContainerError: pull access denied", "コンテナイメージを取得できませんでした。",
     ["イメージのURIとタグを確認", "タスク実行ロールのECR権限を確認", "プライベートサブネットからECRへの経路を確認"]),
    ("ResourceInitializationError: unable to pull secrets or registry auth", "タスクの初期化中にシークレットまたはレジストリ認証情報を取得できませんでした。",
     ["タスク実行ロールの権限を確認", "Secrets Manager への経路を確認", "シークレットのARNを確認"]),
]
JA_DEBUG_SECTIONS = [
    ("デバッグログの有効化", "詳細なログを表示するには、`--debug` フラグを使用します。", "$ ecspresso deploy --debug"),
    ("ドライランの実行", "実際の変更を行わずに操作をシミュレートするには、`--dry-run` フラグを使用します。", "$ ecspresso deploy --dry-run"),
    ("差分の確認", "変更内容を確認するには、`diff` コマンドを使用します。", "$ ecspresso diff"),
    ("リソースの検証", "設定が正しいか検証するには、`verify` コマンドを使用します。", "$ ecspresso verify"),
    ("タスクのログ確認", "コンテナの標準出力は CloudWatch Logs に転送されます。", "$ aws logs tail /ecs/{comp} --follow"),
    ("サービスの状態確認", "直近のイベントを含めてサービスの状態を表示します。", "$ ecspresso status --events 10"),
]
MERMAID_JA = ["問題発生", "ログ確認", "設定修正", "IAM権限確認", "リソース調整", "再デプロイ", "完了",
              "タスク状態確認", "イベント確認", "差分確認", "修正適用", "ヘルスチェック確認", "ロールバック",
              "原因特定", "詳細エラー確認", "サポートに問い合わせ"]
MERMAID_JA_DECISIONS = ["問題特定", "成功?", "再現する?", "権限エラー?", "ログに出力あり?"]
JA_INTROS = ["{system}を運用する際に発生する可能性のある問題と解決策を説明します。",
             "{system}のデプロイや運用で実際に発生した問題と、その対処方法をまとめています。",
             "このページでは、{system}でよく見られるエラーと調査の手順を紹介します。"]


def ja_component(rng):
    if rng.random() < 0.6:
        return component(rng)
    return rng.choice(JA_SYSTEMS) + rng.choice(JA_SYSTEM_TAILS)


def ja_after(comp):
    """Separates an ASCII name from the Japanese that follows, as the sample does."""
    return comp + (" " if comp[-1].isascii() else "")


def ja_symptom_title(rng, ids, comp, code):
    subject = rng.choice(JA_SUBJECTS)
    pred = rng.choice(JA_PREDICATES)
    return ids.claim_title([
        rng.choice([f"{ja_after(comp)}の{subject}{pred}（{code}）",
                    f"{ja_after(comp)}で{rng.choice(JA_EVENTS)}後に{subject}{pred}（{code}）",
                    f"{rng.choice(JA_ENVS)}環境の{ja_after(comp)}で{subject}{pred}（{code}）"]),
        f"{code} {ja_after(comp)}の{subject}{pred}",
    ]), subject, pred


def ja_symptom(rng, comp, subject, pred):
    return rng.choice([
        f"`{rng.choice(JA_COMMANDS)}` コマンドが{rng.choice(JA_FAILS)}",
        f"{subject}は開始されるが、{rng.randint(2, 30)}分ほどで{rng.choice(JA_BADS)}",
        f"{rng.choice(JA_EVENTS)}以降、{ja_after(comp)}の{subject}{pred}",
        f"{rng.choice(JA_ENVS)}環境でのみ{subject}{pred}",
        f"{subject}が成功したように見えるが、{rng.choice(JA_BADS2)}",
    ])


def ja_error_text(rng, p):
    """A message to quote in Japanese prose: an English log line or a Japanese one.

    errbook ignores a 「…」 message longer than 160 characters, so long log lines are left out.
    """
    p = dict(p, comp=p["name"])  # log lines name the service by its ASCII name
    roll = rng.random()
    if roll < 0.35:
        line = fill(rng.choice(rng.choice(FAMILIES)["messages"]), p).split("\n")[0]
        if len(line) <= 150:
            return line
    if roll < 0.7:
        return fill(rng.choice(rng.choice(FAMILIES)["short"]), p)
    return rng.choice(JA_MESSAGES)


def ja_causes(rng, p, count):
    out = []
    for k, (title, notes, fix) in enumerate(rng.sample(JA_CAUSES, count), 1):
        item = [f"{k}. **{title}**"]
        item += [f"   - {fill(n, p)}" for n in notes]
        item.append(f"   - 解決策: {fill(fix, p)}")
        out.append("\n".join(item) + "\n")
    return "\n".join(out)


def ja_symptom_entry(rng, ids, p, with_mermaid):
    comp = p["comp"]
    title, subject, pred = ja_symptom_title(rng, ids, comp, ids.code())
    out = [f"### {title}\n"]
    kind = rng.random()
    if kind < JA_SYMPTOM_ONLY_RATE:
        out.append(f"**症状**: {ja_symptom(rng, comp, subject, pred)}\n")
    elif kind < 0.7:
        # The ja vocabulary finds 「…」というエラー in prose.
        msg = ja_error_text(rng, p)
        out.append("**症状**: " + rng.choice([
            f"`{rng.choice(JA_COMMANDS)}` を実行すると「{msg}」というエラーが表示される",
            f"CloudWatch Logs に「{msg}」というエラーが出力され、{rng.choice(JA_BADS)}",
            f"{subject}の途中で「{msg}」のエラーになる",
        ]) + "\n")
    else:
        out.append(f"**症状**: {ja_symptom(rng, comp, subject, pred)}\n")
        out.append("ログには次のメッセージが記録されています。\n")
        line = fill(rng.choice(rng.choice(FAMILIES)["messages"]), dict(p, comp=p["name"]))
        out.append("> " + line.split("\n")[0] + "\n")
    out.append("**考えられる原因と解決策**:\n")
    out.append(ja_causes(rng, p, rng.choices([1, 2, 3, 4], weights=[2, 4, 3, 2])[0]))
    if rng.random() < 0.25:
        # A long entry: a configuration example after the causes.
        out.append(f"参考として、{ja_after(comp)}の設定例を示します。\n")
        lang, example = rng.choice([
            ("yaml", "region: {region}\ncluster: {cluster}\nservice: {name}\nservice_definition: ecs-service-def.json\n"
                     "task_definition: ecs-task-def.json\ntimeout: 10m0s"),
            ("json", '{\n  "family": "{name}",\n  "cpu": "{cpu}",\n  "memory": "{mem}",\n  "networkMode": "awsvpc"\n}'),
        ])
        out.append(fence(lang, fill(example, p)))
    if with_mermaid:
        out.append(mermaid(rng, MERMAID_JA, MERMAID_JA_DECISIONS))
    return "\n".join(out)


def ja_error_entry(rng, ids, p, with_mermaid):
    # The title quotes a log line, which names the service by its ASCII name.
    p = dict(p, comp=p["name"])
    comp = p["comp"]
    msg, cause, fixes = rng.choice(JA_ERROR_ENTRIES)
    code = ids.code()
    title = ids.claim_title([rng.choice([f'"{comp}: {msg} ({code})"', f'"{msg}: {comp} ({code})"']),
                             f'"{code}: {msg}"'])
    out = [f"### {title}\n"]
    if rng.random() < 0.8:
        out.append("次のように出力されます。\n")
        out.append(fence("console", fill(
            "$ ecspresso deploy --config {comp}/ecspresso.yml\n"
            "{ts_log} {comp}/{cluster} Starting deploy\n"
            "{ts_log} {comp}/{cluster} Registering a new task definition...\n", p)
            + f"{p['ts_log']} [ERROR] {msg}: {p['uuid']}"))
    out.append(f"**原因**: {cause}\n")
    out.append("**対応**:\n" + "\n".join(f"{k}. {fix}" for k, fix in enumerate(
        rng.sample(fixes, rng.randint(1, len(fixes))), 1)) + "\n")
    if with_mermaid:
        out.append(mermaid(rng, MERMAID_JA, MERMAID_JA_DECISIONS))
    return "\n".join(out)


def ja_doc(rng, ids, system, count, nav_order):
    title = f"{system}のトラブルシューティング"
    symptom_count = round(count * rng.uniform(0.4, 0.8))
    out = [f"---\nlayout: default\ntitle: {title}\nparent: {system}\nnav_order: {nav_order}\n---\n",
           f"# {title}\n", rng.choice(JA_INTROS).format(system=system) + "\n", "## よくある問題と解決策\n"]
    for _ in range(symptom_count):
        p = entry_params(rng, ja_component(rng))
        out.append(ja_symptom_entry(rng, ids, p, rng.random() < MERMAID_RATE_JA))
    if rng.random() < 0.6:
        # General guidance between the chapters: headings without labels are not entries.
        out.append("## デバッグ方法\n")
        comp = component(rng)
        for head, text, cmd in rng.sample(JA_DEBUG_SECTIONS, rng.randint(2, 4)):
            out.append(f"### {head}\n\n{text}\n\n" + fence("console", cmd.replace("{comp}", comp)))
    if count > symptom_count:
        out.append("## エラーメッセージと対応\n")
        for _ in range(count - symptom_count):
            p = entry_params(rng, ja_component(rng))
            out.append(ja_error_entry(rng, ids, p, rng.random() < MERMAID_RATE_JA))
    if rng.random() < 0.3:
        out.append("## トラブルシューティングフロー\n\n問題が発生した場合の一般的なトラブルシューティングフローです。\n")
        out.append(mermaid(rng, MERMAID_JA, MERMAID_JA_DECISIONS))
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# The book
# ---------------------------------------------------------------------------------------------

EN_SYSTEMS = ["ECS", "Payments Platform", "Data Pipeline", "Checkout", "Media Processing", "Identity",
              "Search Cluster", "Archive", "Notification Hub", "Reporting", "Billing", "Edge Gateway"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return len(text.encode("utf-8"))


def generate(out_dir, entries, seed):
    rng = Random(seed)
    total = write(os.path.join(out_dir, "book.toml"), BOOK_TOML)
    stats = {}

    en_ids = Ids(rng, entries * 3)  # a few titles may be retried; codes are never reused
    sizes = partition(rng, entries)
    for i, size in enumerate(sizes, 1):
        system = rng.choice(EN_SYSTEMS)
        style = rng.random()
        if style < TEXT_SHARE:
            name, text = f"{slugify(system)}-error-messages-{i:03d}.txt", text_doc(rng, en_ids, system, size)
        elif style < TEXT_SHARE + HTML_SHARE:
            name, text = f"{slugify(system)}-notes-{i:03d}.md", html_doc(rng, en_ids, system, size)
        else:
            name, text = f"{slugify(system)}-error-catalog-{i:03d}.md", catalog_doc(rng, en_ids, system, size)
        total += write(os.path.join(out_dir, "content", "en", name), text)
    stats["en"] = (len(sizes), entries)

    ja_ids = Ids(rng, entries * 3)
    sizes = partition(rng, entries)
    for i, size in enumerate(sizes, 1):
        system = rng.choice(JA_SYSTEMS) + rng.choice(["基盤", "システム", "サービス", "API"])
        text = ja_doc(rng, ja_ids, system, size, nav_order=i)
        total += write(os.path.join(out_dir, "content", "ja", f"troubleshooting-{i:03d}.md"), text)
    stats["ja"] = (len(sizes), entries)
    return stats, total


def prepare(out_dir):
    """Empties out_dir, refusing to delete a folder that this script did not write."""
    if os.path.exists(out_dir):
        marker = os.path.join(out_dir, "book.toml")
        ours = False
        if os.path.isfile(marker):
            with open(marker, encoding="utf-8") as f:
                ours = 'title = "Synthetic troubleshooting book"' in f.read()
        if os.listdir(out_dir) and not ours:
            sys.exit(f"gen-book: {out_dir} exists and is not a generated book; refusing to delete it")
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", help="folder to (re)create with book.toml and content/")
    parser.add_argument("--entries", type=int, default=10000, help="entries per language (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    if args.entries < 1:
        parser.error("--entries must be at least 1")
    start = time.monotonic()
    prepare(args.out_dir)
    stats, total = generate(args.out_dir, args.entries, args.seed)
    (en_docs, en_entries), (ja_docs, ja_entries) = stats["en"], stats["ja"]
    print(f"gen-book: {args.out_dir}: en {en_docs} documents / {en_entries} entries, "
          f"ja {ja_docs} documents / {ja_entries} entries, {total} bytes, "
          f"{time.monotonic() - start:.1f}s (seed {args.seed})")


if __name__ == "__main__":
    main()
