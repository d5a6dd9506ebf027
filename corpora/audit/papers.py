"""Sign-in sheets: the one evidence document whose words are mostly names, made up here deterministically."""

from __future__ import annotations

import random

from corpora.audit.model import Paper


SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭罗梁宋郑谢韩唐冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉鹏飞红玲志宏海波晓斌清云峰兰春燕"


def attendees(count: int, seed: int, units: list[str], titles: list[str]) -> list[list[str]]:
    """Rows of a sign-in table: number, name, unit, title; the signature column left for the pen."""
    rng = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        rows.append([str(number), name, rng.choice(units), rng.choice(titles), ""])
    return rows


def sign_in(title: str, when: str, where: str, count: int, seed: int, units: list[str], titles: list[str]) -> Paper:
    """A sign-in sheet: its heading, when and where, and `count` made-up attendees."""
    header = ["序号", "姓名", "单位", "职务/职称", "签名"]
    return Paper(title, opening=f"时间：{when}　　地点：{where}",
                 table=(header, attendees(count, seed, units, titles)))
