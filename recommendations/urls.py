# The public home moved to the `public` app; staff pages of this app add their routes here.
urlpatterns = []
