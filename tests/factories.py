"""factory_boy factories. Users are created through the real service so rules apply."""

from __future__ import annotations

import factory

from balai.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.django.Password("correct horse battery staple")
    email_confirmed = True
    approved = True
