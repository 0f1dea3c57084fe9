from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import Congress
from .services import CREATE_FIELDS, EDITABLE_FIELDS, congress_create, congress_update

STAFF_FIELDS = ("staff_username", "staff_first_name", "staff_last_name", "staff_email")


class CongressAddForm(forms.ModelForm):
    """A new congress with its first committee-staff account, who is emailed a link to set a
    password and then adds the congress's other accounts in the office."""

    staff_username = forms.CharField(
        label=_("username of its first committee staff"),
        max_length=User._meta.get_field("username").max_length,
        validators=User._meta.get_field("username").validators,
    )
    staff_first_name = forms.CharField(label=_("first name"), max_length=150, required=False)
    staff_last_name = forms.CharField(label=_("last name"), max_length=150, required=False)
    staff_email = forms.EmailField(
        label=_("email address"),
        help_text=_("A link to set a password is sent here once the congress is saved."),
    )

    class Meta:
        model = Congress
        fields = CREATE_FIELDS

    def clean_staff_username(self):
        username = self.cleaned_data["staff_username"]
        if User._default_manager.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("An account with this username already exists."))
        return username


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    """Platform administrators add congresses, each with its first committee-staff account;
    a congress's staff see and edit only their own congress's settings, and no one deletes one."""

    list_display = ("short_name", "name", "code", "level", "parent", "government_name", "voting_members")
    fields = EDITABLE_FIELDS

    def get_queryset(self, request):
        congresses = super().get_queryset(request)
        if request.user.is_superuser:
            return congresses
        return congresses.filter(pk=request.user.congress_id)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = CongressAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return EDITABLE_FIELDS if obj is not None else (*CREATE_FIELDS, *STAFF_FIELDS)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            congress_update(
                actor=request.user,
                congress=obj,
                **{name: form.cleaned_data[name] for name in EDITABLE_FIELDS},
            )
            return
        congress, _staff = congress_create(
            actor=request.user,
            **{name: form.cleaned_data[name] for name in (*CREATE_FIELDS, *STAFF_FIELDS)},
        )
        # The admin logs the addition and redirects to the row the service saved.
        obj.pk, obj._state.adding, obj._state.db = congress.pk, False, congress._state.db
