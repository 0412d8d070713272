"""StreamField blocks shared by the editorial pages; each renders with templates/blocks/<name>.html."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("titre"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("niveau"), choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))], default="h2"
    )

    class Meta:
        template = "blocks/heading_block.html"
        icon = "title"
        label = _("Titre")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("intitulé"), required=False, help_text=_("Par défaut, le titre du document."))

    class Meta:
        template = "blocks/document_link_block.html"
        icon = "doc-full"
        label = _("Document à télécharger")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("paragraphe"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock(label=_("image"))
    document = DocumentLinkBlock()
    quote = blocks.BlockQuoteBlock(label=_("citation"))
