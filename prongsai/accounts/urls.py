from django.contrib.auth import views as auth_views
from django.urls import path

from prongsai.accounts import views, views_invite, views_password, views_security

app_name = "accounts"
urlpatterns = [
    path("login/", views_security.SignInView.as_view(), name="login"),
    path("login/code/", views_security.otp, name="otp"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("agency/<int:agency_id>/", views.switch_agency, name="switch_agency"),
    path("security/", views_security.security, name="security"),
    path("security/totp/new/", views_security.totp_new, name="totp_new"),
    path("security/totp/<int:device_id>/", views_security.totp_confirm, name="totp_confirm"),
    path("security/totp/<int:device_id>/off/", views_security.totp_disable, name="totp_disable"),
    path("security/recovery-codes/", views_security.recovery_codes, name="recovery_codes"),
    # Invitations and passwords (accounts/views_invite.py, views_password.py).
    path("invitation/<str:token>/", views_invite.accept, name="invitation_accept"),
    path("invite/", views_invite.invite, name="invite"),
    path("invite/<int:invitation_id>/resend/", views_invite.resend, name="invitation_resend"),
    path("invite/<int:invitation_id>/revoke/", views_invite.revoke, name="invitation_revoke"),
    *views_password.urlpatterns,
]
