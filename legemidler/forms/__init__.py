"""Forms of the medication pages. Areas: forordning."""

from legemidler.forms.forordning import ForordningForm, SeponerForm

__all__ = ["ForordningForm", "SeponerForm"]
