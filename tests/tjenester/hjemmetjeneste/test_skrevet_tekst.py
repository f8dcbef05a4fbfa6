"""The visit page never loses what the nurse typed: a note, a deviation or a reason that
fails validation comes back in its field with the Norwegian message (400), and the page's
form fields have their own ids (the note's label names the note, not the deviation)."""

from __future__ import annotations

from core.models import Ansatt
from journal.models import Journalnotat
from tests.conftest import logged_in
from tests.dom import dom_problems, labels_for
from tjenester.hjemmetjeneste.models import Besoek

LANG_TEKST = "Pasienten var i fin form i dag, spiste frokost og tok medisinene. " * 31  # 2,077


def test_a_note_over_the_limit_comes_back_with_the_text_and_the_limit(
    sykepleier: Ansatt, besoek_i_dag: Besoek
) -> None:
    client = logged_in(sykepleier)
    # when
    response = client.post(f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/notat/", {"tekst": LANG_TEKST})
    # then
    assert response.status_code == 400
    html = response.content.decode()
    assert LANG_TEKST.strip() in html
    assert "2000 eller færre tegn" in html  # Django's Norwegian max_length message
    assert 'maxlength="2000"' in html
    assert not Journalnotat.objects.filter(pasient=besoek_i_dag.pasient).exists()


def test_an_empty_note_says_so_in_norwegian_next_to_the_field(
    sykepleier: Ansatt, besoek_i_dag: Besoek
) -> None:
    response = logged_in(sykepleier).post(
        f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/notat/", {"tekst": "   "}
    )
    assert response.status_code == 400
    assert "Skriv notatet før du lagrer." in response.content.decode()


def test_a_deviation_without_a_category_keeps_its_text(
    sykepleier: Ansatt, besoek_i_dag: Besoek
) -> None:
    tekst = "Dørkoden virket ikke, ventet 20 minutter ute."
    response = logged_in(sykepleier).post(
        f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/avvik/", {"kategori": "", "tekst": tekst}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert tekst in html
    assert '<details class="card" open>' in html


def test_a_not_done_reason_over_the_limit_keeps_its_text(
    sykepleier: Ansatt, besoek_i_dag: Besoek
) -> None:
    grunn = "Pasienten ville ikke åpne døren. " * 12  # 396 > 300
    response = logged_in(sykepleier).post(
        f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/ikke-utfort/", {"grunn": grunn}
    )
    assert response.status_code == 400
    assert grunn.strip() in response.content.decode()


def test_the_visit_page_has_unique_ids_and_the_note_label_names_the_note(
    sykepleier: Ansatt, besoek_i_dag: Besoek
) -> None:
    html = logged_in(sykepleier).get(f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/").content.decode()
    assert dom_problems(html) == []
    assert labels_for(html, "id_notat_tekst") == 1
    assert 'id="id_tekst"' not in html
