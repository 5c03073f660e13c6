from graphql_portal.demo import seed_demo
from graphql_portal.models import Customer, CustomerProduct, PartnerUser, Product


async def test_demo_data_is_loaded(db):
    assert await Product.all().count() == 14
    assert await Customer.all().count() == 61
    assert await PartnerUser.all().count() == 5
    assert await CustomerProduct.all().count() == 2 + 3 + 1 + 1 + 56 + 2


async def test_seeding_twice_changes_nothing(db):
    result = await seed_demo()
    assert result.created == 0
    assert result.staff_password is None
    assert await Customer.all().count() == 61
