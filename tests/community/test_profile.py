import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from community.models import User
from tests.community.factories import CentreFactory

pytestmark = pytest.mark.django_db


def image_upload(name="photo.png", size=(64, 64), fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (27, 79, 138)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def profile_data(**overrides):
    return {"first_name": "Claire", "last_name": "Marchand", "timezone": "", "bio": "Cadre de nuit.", **overrides}


def test_member_edits_profile_and_avatar(member_client, member):
    response = member_client.post(
        reverse("community:profile"),
        profile_data(timezone="Indian/Reunion", avatar=image_upload()),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.bio, member.timezone) == ("Claire", "Cadre de nuit.", "Indian/Reunion")
    assert member.avatar.name.startswith(f"avatars/{member.pk}/")
    page = member_client.get(reverse("community:profile"))
    assert "Votre profil a été enregistré." in page.text
    assert member.avatar.url in page.text


def test_time_zone_defaults_to_the_centre(member_client, member):
    member.centre = CentreFactory(name="Centre de réponse Martinique", timezone="America/Martinique")
    member.save()
    response = member_client.get(reverse("community:profile"))
    assert "Celui de mon centre (America/Martinique)" in response.text
    assert User.objects.get(pk=member.pk).effective_timezone == "America/Martinique"


def test_dates_are_shown_in_the_member_time_zone(member_client, member):
    member.timezone = "Indian/Reunion"
    member.save()
    response = member_client.get(reverse("community:profile"))
    assert str(response.wsgi_request.user.zoneinfo) == "Indian/Reunion"
    from django.utils import timezone

    # The middleware activated it for the request; it is reset for the next one.
    assert timezone.get_current_timezone_name() in {"Europe/Paris", "Indian/Reunion"}


def test_non_image_avatar_is_refused_and_input_kept(member_client, member):
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = member_client.post(reverse("community:profile"), profile_data(bio="Texte gardé", avatar=fake))
    assert response.status_code == 200
    assert "Téléversez une image valide" in response.text
    assert "Texte gardé" in response.text
    member.refresh_from_db()
    assert not member.avatar


def test_oversize_avatar_is_refused(member_client, member, settings):
    settings.AVATAR_MAX_BYTES = 50
    response = member_client.post(reverse("community:profile"), profile_data(avatar=image_upload()))
    assert response.status_code == 200
    assert "taille maximale" in response.text
    member.refresh_from_db()
    assert not member.avatar


def test_bmp_image_is_refused_even_when_small(member_client, member):
    response = member_client.post(
        reverse("community:profile"), profile_data(avatar=image_upload(size=(4, 4), fmt="BMP", name="petite.bmp"))
    )
    assert response.status_code == 200
    assert "Formats acceptés" in response.text


def test_required_names_keep_other_input(member_client, member):
    response = member_client.post(reverse("community:profile"), profile_data(first_name="", bio="Ma présentation"))
    assert response.status_code == 200
    assert "Champ requis." in response.text
    assert "Ma présentation" in response.text
    member.refresh_from_db()
    assert member.first_name != ""


def test_member_cannot_change_own_role_or_centre(member_client, member):
    centre = member.centre
    member_client.post(reverse("community:profile"), profile_data(role="coordinateur", centre=CentreFactory().pk))
    member.refresh_from_db()
    assert (member.role, member.centre) == ("repondant", centre)


def test_avatars_are_for_members_only(client, member_client, member):
    member_client.post(reverse("community:profile"), profile_data(avatar=image_upload()))
    member.refresh_from_db()
    assert member_client.get(member.avatar.url).status_code == 200
    member_client.logout()
    response = client.get(member.avatar.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
