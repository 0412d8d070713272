"""Library hooks: demo."""

from wagtail import hooks


@hooks.register("register_demo_data")
def library_demo_data(stdout):
    from community.library import demo  # only the seed_demo command loads the demo resources

    demo.seed(stdout)
