"""Which files belong to which society: recognising how a year's submissions were laid out.

A 学会部 receives the submissions in whatever shape the mailbox produced:
one folder per society, one zip per society, a single archive with a folder
per society, or everything in one folder with the society in each file name
("江西省矿业学会2021年工作总结.docx", "矿业学会-自评表.xlsx"). The same rules
apply to a folder on disk and to the members of an archive, so both are first
read into a list of entries (path parts → where the bytes are), then grouped.
Nothing is extracted or decompressed here beyond reading the archive's
directory; hostile members (absolute or ``..`` paths, encrypted, bombs) are
refused with a message naming the member.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from rapidfuzz import fuzz, process

# The member checks are files.py's own, so a batch archive is held to the same rules as a bundle.
from ingest.files import InputError, check_member, member_name
from assess.materials import NOTICE_NAME, name_without_material_words

# A batch is much larger than one submission's bundle: limits per batch archive.
MAX_BATCH_MEMBERS = 100_000
MAX_BATCH_BYTES = 50 * 1024**3
# Left behind by the tools that made the folder, never submitted by anyone (but "." and
# "..", which only a hostile archive has, are refused, not skipped).
JUNK = re.compile(r"^(?:__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini|~\$.*|\.(?!\.?$).*)$", re.IGNORECASE)
SOCIETY_IN_NAME = re.compile(r"[\u4e00-\u9fa5（）()]{2,24}?(?:学会|协会|研究会|促进会|联合会)")
PROVINCE_PREFIX = re.compile(r"^(?:[\u4e00-\u9fa5]{2,3}?(?:省|自治区|市)|省|江西|广西|内蒙古|新疆|西藏|宁夏)")
# Names of one society spelt two ways ("江西省康复医学会" / "康复医学学会") score above this;
# "林学会" and "森林学会", two societies, just below.
SAME_SOCIETY = 88


@dataclass(frozen=True)
class Source:
    """One file of a submission: a file on disk, or a member of the batch archive.

    `name` is the path shown to reviewers, relative to the batch root.
    """

    name: str
    path: str
    member: str | None = None


@dataclass
class Group:
    """The files of one society's submission, and what could not even be listed."""

    label: str
    sources: list[Source] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


@dataclass
class Layout:
    kind: str  # folders | bundles | flat | mixed
    groups: list[Group]
    # (name, reason): files deliberately left out, such as the notice itself.
    ignored: list[tuple[str, str]] = field(default_factory=list)
    # Entries that belong to no submission and cannot be read.
    errors: list[InputError] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    parts: tuple[str, ...]
    source: Source | None
    # A member refused on sight (traversal, bomb): it still belongs to someone's folder.
    error: InputError | None = None


def discover(root: Path, society_of=None, max_bytes: int = MAX_BATCH_BYTES) -> Layout:
    """The submissions in the folder or zip at `root`.

    `society_of(source) -> str | None` names the society from a file's content;
    it is asked only about loose files whose names do not say whose they are.
    Raises InputError when `root` itself cannot be read, or is a zip that
    expands to more than `max_bytes` (societies' bundles inside it included).
    """
    if not root.exists():
        raise InputError(root.name, "文件或文件夹不存在")
    if root.is_dir():
        entries = _walk(root)
    elif root.suffix.lower() == ".zip":
        entries = _archive_entries(root, max_bytes)
    else:
        raise InputError(root.name, "批量预审需要一个文件夹或 .zip 压缩包")
    layout = _group(_strip_wrapper(entries), society_of)
    if not layout.groups and not layout.errors:
        raise InputError(root.name, "没有找到任何学会的材料")
    return layout


# ---- reading the tree -------------------------------------------------------------


def _walk(root: Path) -> list[_Entry]:
    entries = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not JUNK.match(d))
        for name in sorted(files):
            if JUNK.match(name):
                continue
            path = Path(directory) / name
            rel = path.relative_to(root).as_posix()
            parts = tuple(rel.split("/"))
            if path.is_symlink():
                # A link may point anywhere on this machine; submissions are plain files.
                entries.append(_Entry(parts, None, InputError(rel, "是符号链接，已跳过")))
                continue
            entries.append(_Entry(parts, Source(rel, str(path.resolve()))))
    return entries


# Where an Office Open XML file keeps its body, and what a reviewer calls such a file.
OFFICE_BODIES = {"word/": "Word 文档（DOCX）", "xl/": "Excel 工作簿（XLSX）", "ppt/": "PowerPoint 演示文稿（PPTX）"}


def _office_document(archive: zipfile.ZipFile) -> str | None:
    names = archive.namelist()
    if "[Content_Types].xml" not in names:
        return None
    return next((label for body, label in OFFICE_BODIES.items() if any(n.startswith(body) for n in names)),
                "Office 文档")


def _archive_entries(root: Path, max_bytes: int) -> list[_Entry]:
    try:
        archive = zipfile.ZipFile(root)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(root.name, "压缩包损坏，无法打开") from error
    with archive:
        if office := _office_document(archive):
            # DOCX and XLSX are zips too: their parts (word/, docProps/ …) are no societies.
            raise InputError(root.name, f"这是一份 {office}，不是各学会材料的压缩包；请把各学会的材料按学会分文件夹打成 ZIP 后再提交")
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_BATCH_MEMBERS:
            raise InputError(root.name, f"压缩包内文件过多（{len(infos)} 个，上限 {MAX_BATCH_MEMBERS} 个）")
        # The members' declared sizes bound what reading them yields (zipfile stops there), so
        # the sum is checked first, then again with each society's bundle counted by its own members.
        if sum(i.file_size for i in infos) > max_bytes or _unpacked_size(archive, infos) > max_bytes:
            raise InputError(root.name, f"压缩包解压后超过 {max_bytes / 1024**2:,.0f} MB 的上限，已拒绝；请分成几个压缩包分别预审")
    entries = []
    for info in sorted(infos, key=lambda i: i.filename):
        name = member_name(info).replace("\\", "/")
        parts = tuple(p for p in name.split("/") if p)
        if not parts or any(JUNK.match(p) for p in parts):
            continue
        try:
            check_member(info, name)
        except InputError as error:
            entries.append(_Entry(parts, None, error))
            continue
        entries.append(_Entry(parts, Source("/".join(parts), str(root.resolve()), info.filename)))
    return entries


def _unpacked_size(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> int:
    """What the members expand to, a zip among them (a society's bundle) by its members' declared sizes."""
    total = 0
    for info in infos:
        if info.filename.lower().endswith(".zip") and not info.flag_bits & 0x1:
            try:
                with archive.open(info) as stream, zipfile.ZipFile(stream) as bundle:
                    total += sum(i.file_size for i in bundle.infolist() if not i.is_dir())
                continue
            except (zipfile.BadZipFile, OSError, EOFError):
                pass  # reading it reports what is wrong with it; its own size counts
        total += info.file_size
    return total


def _strip_wrapper(entries: list[_Entry]) -> list[_Entry]:
    """Drop a single enclosing folder ("2021年学会考核材料/…") unless it is itself a society's.

    Refused members do not decide it: a hostile "/abs/path" must not hide the real layout.
    """
    while True:
        good = [e for e in entries if e.error is None]
        top = {e.parts[0] for e in good}
        if not good or len(top) != 1 or any(len(e.parts) < 2 for e in good) or society_in_name(next(iter(top))):
            return entries
        wrapper = next(iter(top))
        entries = [
            _Entry(e.parts[1:], e.source, e.error) if e.parts[0] == wrapper and len(e.parts) > 1 else e
            for e in entries
        ]


# ---- grouping ----------------------------------------------------------------------


def _group(entries: list[_Entry], society_of) -> Layout:
    folders: dict[str, Group] = {}
    bundles: list[Group] = []
    loose: list[_Entry] = []
    ignored: list[tuple[str, str]] = []
    refused: list[_Entry] = []
    for entry in entries:
        if entry.error is not None:
            refused.append(entry)
        elif len(entry.parts) > 1:
            folders.setdefault(entry.parts[0], Group(entry.parts[0])).sources.append(entry.source)
        elif NOTICE_NAME.search(entry.parts[0]):
            ignored.append((entry.source.name, "考核通知，不属于任何学会的材料"))
        elif entry.parts[0].lower().endswith(".zip"):
            bundles.append(Group(entry.parts[0][:-4], [entry.source]))
        else:
            loose.append(entry)
    groups = [*folders.values(), *bundles]
    flat: dict[str, Group] = {}
    for entry, society in _societies(loose, society_of):
        if society is None:
            ignored.append((entry.source.name, "无法从文件名或内容判断属于哪个学会"))
            continue
        # A folder may be named "江西省矿业学会2021年考核材料": compare the society it names.
        named = [society_in_name(g.label) or g.label for g in groups]
        if home := _same_society(society, named):
            groups[named.index(home)].sources.append(entry.source)
            continue
        home = _same_society(society, list(flat)) or society
        group = flat.pop(home, None) or Group(home)
        group.sources.append(entry.source)
        # The fullest spelling names the group ("江西省矿业学会" rather than "矿业学会").
        group.label = max(group.label, society, key=len)
        flat[group.label] = group
    groups += flat.values()
    errors = []
    for entry in refused:
        # Refused members inside a society's folder travel with that submission.
        if len(entry.parts) > 1 and entry.parts[0] in folders:
            folders[entry.parts[0]].errors.append(entry.error)
        else:
            errors.append(entry.error)
    kinds = [k for k, present in (("folders", folders), ("bundles", bundles), ("flat", flat)) if present]
    return Layout(kinds[0] if len(kinds) == 1 else "mixed" if kinds else "flat", groups, ignored, errors)


def _societies(loose: list[_Entry], society_of):
    """(entry, society named by its file name or, failing that, its content)."""
    for entry in loose:
        society = society_in_name(entry.parts[0])
        if society is None and society_of is not None:
            society = society_of(entry.source)
        yield entry, society


def society_in_name(file_name: str) -> str | None:
    """The society a file name names ("矿业学会-自评表.xlsx" → "矿业学会"), if any."""
    rest = name_without_material_words(PurePosixPath(file_name).stem)
    m = SOCIETY_IN_NAME.search(rest)
    return m.group().strip("（）()") if m else None


def comparable(name: str) -> str:
    """A society name without its province prefix, for comparing spellings."""
    return PROVINCE_PREFIX.sub("", name)


def _same_society(name: str, known: list[str]) -> str | None:
    """The entry of `known` that names the same society as `name`, if one does."""
    if not known:
        return None
    match = process.extractOne(comparable(name), [comparable(k) for k in known], scorer=fuzz.ratio,
                               score_cutoff=SAME_SOCIETY)
    return known[match[2]] if match else None


def same_society(a: str, b: str) -> bool:
    return _same_society(a, [b]) is not None

