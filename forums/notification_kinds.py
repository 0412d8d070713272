from django.utils.translation import gettext_lazy as _

from community.notifications import kinds

REPLY = kinds.register("forums.reply", _("Nouvelle réponse dans un sujet que je surveille")).code
NEW_THREAD = kinds.register("forums.new_thread", _("Nouveau sujet dans un forum que je surveille")).code
MENTION = kinds.register("forums.mention", _("On me mentionne dans un forum")).code
GROUP_MENTION = kinds.register("forums.group_mention", _("On mentionne un de mes groupes dans un forum")).code
QUOTE = kinds.register("forums.quote", _("On cite un de mes messages")).code
THANKS = kinds.register(
    "forums.thanks", _("Un membre me remercie pour un message"), kinds.Frequency.DIGEST
).code
MODERATION = kinds.register("forums.moderation", _("Signalements à traiter dans les forums que je modère")).code
