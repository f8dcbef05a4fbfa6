from django.urls import path

from legemidler.apis import forordning as f

P = "pasienter/<uuid:pasient_id>/legemidler/"
F = f"{P}<uuid:forordning_id>/"

urlpatterns = [
    # The medication list and orders (forordning)
    path(P, f.LegemiddellisteApi.as_view(), name="pasient-legemidler"),
    path(F, f.ForordningDetailApi.as_view(), name="pasient-legemidler-detail"),
    path(f"{F}seponer/", f.ForordningStopApi.as_view(), name="pasient-legemidler-seponer"),
    path(f"{F}bekreft/", f.ForordningConfirmApi.as_view(), name="pasient-legemidler-bekreft"),
    path(
        "legemidler/telefonordinasjoner/",
        f.TelefonordinasjonListApi.as_view(),
        name="legemidler-telefonordinasjoner",
    ),
    # The catalogue (katalog)
    path("legemidler/katalog/", f.LegemiddelSearchApi.as_view(), name="legemidler-katalog"),
]
