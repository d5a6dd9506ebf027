"""Photos and files two societies both sent, found from their fingerprints alone."""

from __future__ import annotations

from corpora.reuse_benchmark import altered, photo
from extractors.reuse import find_reuse, fingerprint


def _year(**files: list[tuple[str, bytes]]) -> dict[str, dict]:
    return {society: fingerprint(society, sent, [], []) for society, sent in files.items()}


def test_a_photo_resaved_resized_and_cropped_is_found_with_both_files():
    original = photo(1)
    year = _year(江西省矿业学会=[("佐证材料/年会照片.jpg", original)],
                 江西省地质学会=[("佐证材料/活动现场.jpg", altered(original, scale=0.6, crop=0.05, quality=60))])
    [found] = find_reuse(year)
    assert found.kind == "image"
    assert {found.first.file, found.second.file} == {"佐证材料/年会照片.jpg", "佐证材料/活动现场.jpg"}
    assert found.similarity >= 0.85


def test_the_same_file_under_two_names_is_one_finding_not_an_image_too():
    original = photo(2)
    [found] = find_reuse(_year(江西省矿业学会=[("照片.jpg", original)], 江西省地质学会=[("现场.jpg", original)]))
    assert (found.kind, found.similarity) == ("file", 1.0)


def test_different_photos_are_not_reuse():
    year = _year(**{f"江西省第{i}学会": [("照片.jpg", photo(10 + i))] for i in range(40)})
    assert find_reuse(year) == []


def test_a_picture_every_society_sends_is_common_not_reuse():
    logo = photo(3)
    year = _year(**{f"江西省第{i}学会": [(f"{i}.jpg", altered(logo, scale=0.9 - i / 50))] for i in range(5)})
    assert find_reuse(year) == []
