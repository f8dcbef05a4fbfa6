from django.urls import path

from integrasjoner.meldinger.views import adresse, melding, utgaaende

app_name = "meldinger"

urlpatterns = [
    # a unit's inbox and one message (meldinger_inn)
    path("", melding.innboks, name="innboks"),
    path("<uuid:melding_id>/", melding.melding, name="melding"),
    path("<uuid:melding_id>/haandter/", melding.melding_haandter, name="melding_haandter"),
    # manual matching
    path("kobling/", melding.koblingsko, name="koblingsko"),
    path("<uuid:melding_id>/kobl/", melding.kobl, name="kobl"),
    # admins: rejected messages (meldinger_inn)
    path("avviste/", melding.avviste, name="avviste"),
    # conversations per patient
    path("pasient/<uuid:pasient_id>/samtaler/", melding.samtaler, name="samtaler"),
    # outgoing messages (meldinger_ut)
    path("utgaaende/", utgaaende.utboks, name="utboks"),
    path("utgaaende/<uuid:melding_id>/", utgaaende.utgaaende_detalj, name="utgaaende_detalj"),
    path("utgaaende/<uuid:melding_id>/lukk-varsel/", utgaaende.varsel_lukk, name="varsel_lukk"),
    path("pasient/<uuid:pasient_id>/", utgaaende.pasient, name="pasient"),
    path(
        "pasient/<uuid:pasient_id>/innleggelsesrapport/",
        utgaaende.innleggelsesrapport,
        name="innleggelsesrapport",
    ),
    path("pasient/<uuid:pasient_id>/dialog/", utgaaende.dialog, name="dialog"),
    path("pasient/<uuid:pasient_id>/dialog/svar/", utgaaende.dialog_svar, name="dialog_svar"),
    # address book (meldinger_ut)
    path("adressebok/", adresse.adressebok, name="adressebok"),
    path("adressebok/legg-til/", adresse.adresse_legg_til, name="adresse_legg_til"),
]
