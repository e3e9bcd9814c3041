"""The WordPress anchor of the page benchmark (``page_bench.py http --wordpress DIR``).

Debian's ``wordpress`` package with the Twenty Twenty-Three theme and no page cache, set
up the way the anchors' ``wordpress/wp_bench.sh`` does it (``../shared/bench/anchors/``):
their ``wp_install.php`` installs WordPress (once), their ``nginx-wp.conf.in`` serves it,
and php-fpm keeps Debian's default pool sizing (dynamic, at most 5 children). Then
``wp_load.php`` loads the archive's articles as posts (once per archive). Two things
differ from ``wp_bench.sh``, which starts a private mariadbd and refuses to run while
another MariaDB is up: the database is the MariaDB already listening on 127.0.0.1:3306
(database ``thepost_pagebench_wp``, user root without a password), and the site's
config is ``/etc/wordpress/config-thepost-pagebench.php``, picked through Debian's
``WORDPRESS_CONFIG`` variable, so the anchors' ``config-127.0.0.1.php`` stays as it is.

Needs root (``/etc/wordpress``, php-fpm workers as www-data) and the packages below.
``DIR`` keeps the php-fpm and nginx configs, their sockets and logs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = (
    "wordpress wordpress-theme-twentytwentythree php8.2-fpm php8.2-mysql php8.2-gd "
    "php8.2-opcache mariadb-client"
)
DATABASE = "thepost_pagebench_wp"
CONFIG_NAME = "thepost-pagebench"
CONFIG = Path(f"/etc/wordpress/config-{CONFIG_NAME}.php")
MARIADB = ["mariadb", "-h", "127.0.0.1", "-P", "3306", "-u", "root"]
NEEDED = (
    "/usr/share/wordpress/wp-load.php",
    "/var/lib/wordpress/wp-content/themes/twentytwentythree",
)


def missing(anchors: Path) -> str:
    """Why the WordPress anchor cannot run here, with what to do; "" when it can."""
    if os.geteuid() != 0:
        return "needs root: it writes /etc/wordpress and runs php-fpm's workers as www-data"
    absent = [p for p in NEEDED if not Path(p).exists()]
    absent += [t for t in ("php", "php-fpm8.2", "nginx", "mariadb") if not shutil.which(t)]
    if absent:
        return (
            f"{', '.join(absent)} not found; install with: apt-get install -y "
            f"--no-install-recommends {PACKAGES}"
        )
    for name in (
        "wordpress/wp_install.php",
        "wordpress/post_content.py",
        "wordpress/nginx-wp.conf.in",
    ):
        if not (anchors / name).exists():
            return f"{anchors / name} not found (the anchors' folder, see --anchors)"
    try:
        ping = subprocess.run([*MARIADB, "-e", "SELECT 1"], capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "MariaDB on 127.0.0.1:3306 did not answer within 20 s"
    if ping.returncode:
        return (
            "no MariaDB answering on 127.0.0.1:3306 as root without a password: "
            f"{ping.stderr.decode().strip()}"
        )
    return ""


def _php(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WORDPRESS_CONFIG": CONFIG_NAME}
    cmd = ["php", *args]
    print(f"$ WORDPRESS_CONFIG={CONFIG_NAME} {' '.join(cmd)}", flush=True)
    run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    sys.stdout.write(run.stdout)
    sys.stderr.write(run.stderr)
    return run


def prepare(work: Path, anchors: Path, jsonl: Path, n: int, port: int) -> None:
    """Database, config for ``port``, install (once), our ``n`` articles (once)."""
    work.mkdir(parents=True, exist_ok=True)
    for sub in ("logs", "tmp"):
        (work / sub).mkdir(exist_ok=True)
    subprocess.run(
        [*MARIADB, "-e", f"CREATE DATABASE IF NOT EXISTS {DATABASE}"], check=True, timeout=30
    )
    home = f"http://127.0.0.1:{port}"
    CONFIG.write_text(
        "<?php\n"
        f"define('DB_NAME', '{DATABASE}');\n"
        "define('DB_USER', 'root');\ndefine('DB_PASSWORD', '');\n"
        "define('DB_HOST', '127.0.0.1:3306');\n"
        f"define('WP_HOME', '{home}');\ndefine('WP_SITEURL', '{home}');\n"
        "define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');\n"
        "define('DISABLE_WP_CRON', true);\n"
    )
    CONFIG.chmod(0o640)
    shutil.chown(CONFIG, group="www-data")
    load = ("wp_load.php", str(jsonl), str(n))
    run = _php(str(HERE / load[0]), *load[1:], timeout=900)
    if run.returncode == 3:  # not installed yet: the anchors' installer, then load again
        post = subprocess.run(
            ["python3", str(anchors / "wordpress" / "post_content.py")],
            capture_output=True,
            check=True,
            timeout=60,
        )
        (work / "post.json").write_bytes(post.stdout)
        installer = str(anchors / "wordpress" / "wp_install.php")
        install = _php(installer, f"127.0.0.1:{port}", str(work / "post.json"), timeout=300)
        install.check_returncode()
        uploads = Path("/var/lib/wordpress/wp-content/uploads")
        subprocess.run(["chown", "-R", "www-data:www-data", str(uploads)], check=True, timeout=60)
        run = _php(str(HERE / load[0]), *load[1:], timeout=900)
    run.check_returncode()


def configs(work: Path, anchors: Path, port: int) -> tuple[Path, Path]:
    """php-fpm's config (Debian's default pool sizing) and nginx's (the anchors')."""
    sock = work / "php-fpm.sock"
    fpm = work / "php-fpm.conf"
    fpm.write_text(
        f"[global]\npid = {work}/php-fpm.pid\nerror_log = {work}/logs/php-fpm.log\n"
        f"[www]\nuser = www-data\ngroup = www-data\nlisten = {sock}\n"
        "listen.owner = www-data\nlisten.group = www-data\n"
        "pm = dynamic\npm.max_children = 5\npm.start_servers = 2\n"
        "pm.min_spare_servers = 1\npm.max_spare_servers = 3\n"
        f"env[WORDPRESS_CONFIG] = {CONFIG_NAME}\n"
    )
    conf = (anchors / "wordpress" / "nginx-wp.conf.in").read_text()
    conf = conf.replace("@PREFIX@", str(work)).replace("@LISTEN@", f"127.0.0.1:{port}")
    nginx = work / "nginx.conf"
    nginx.write_text(conf.replace("@FPM_SOCK@", str(sock)))
    return fpm, nginx
