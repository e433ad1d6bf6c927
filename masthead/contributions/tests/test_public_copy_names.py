"""A published photo's public file (and its renditions) carries a fresh random name, never
the stored name of the reader's private original and clean copy (issue #13: the public image
reused it, so a public address named the private files)."""

from pathlib import PurePosixPath

from masthead.contributions import services


def _stem(name: str) -> str:
    return PurePosixPath(name).stem.split(".")[0]


def test_public_images_and_renditions_share_no_name_with_the_private_files(
    make_contribution, editor
):
    contribution = make_contribution(kind="pictures", photos=2, body="")
    services.contribution_accept(actor=editor, contribution=contribution, publish=True)
    photos = list(contribution.photos.select_related("image"))
    assert len(photos) == 2
    private = {_stem(p.original.name) for p in photos} | {_stem(p.clean.name) for p in photos}
    for photo in photos:
        public = [photo.image.file.name, photo.image.get_rendition("fill-200x200").file.name]
        for name in public:
            assert not any(stem in name for stem in private), (name, private)
    # Each image has its own name.
    assert len({_stem(p.image.file.name) for p in photos}) == 2
