"""`kaohe serve`: the service under uvicorn, with the settings from the environment."""

from __future__ import annotations

import sys

import uvicorn

from ingest.batch.store import shown_url
from ingest.service.app import create_app
from ingest.service.settings import SettingError, Settings


def serve(host: str, port: int) -> None:
    settings = Settings.from_env()
    try:
        app = create_app(settings)
    except SettingError as error:
        print(error, file=sys.stderr)
        sys.exit(2)
    where = shown_url(settings.database_url) if settings.database_url else f"SQLite（{settings.database_file}）"
    print(f"数据目录：{settings.data_dir}\n数据库：{where}", file=sys.stderr)
    if app.state.generated_admin_password:
        print(
            f"已创建管理员账号 {settings.admin_username}，初始密码：{app.state.generated_admin_password}"
            "（只显示这一次，请登录后在“修改密码”页（/account）修改；也可用环境变量 KAOHE_ADMIN_PASSWORD 指定）",
            file=sys.stderr,
        )
    print(f"评审服务：http://{host}:{port}/  接口说明：http://{host}:{port}/openapi.json", file=sys.stderr)
    uvicorn.run(app, host=host, port=port)
