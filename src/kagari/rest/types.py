"""Typed shapes of the JSON objects :class:`~kagari.rest.RESTClient` endpoints return.

These are :class:`~typing_extensions.TypedDict` classes: at runtime every answer is still
the plain ``dict`` Discord sent, so nothing changes for code that indexes it, but type
checkers and editors now know the keys. Keys the OpenAPI spec says Discord always sends
are ``Required``; every other key may be absent. Nested objects the endpoints rarely need
(message references, polls, teams...) stay ``dict[str, Any]``.

Snowflake ids are decimal strings, as Discord sends them.
"""

# No ``from __future__ import annotations`` here on purpose: with string annotations,
# ``TypedDict`` cannot see ``Required[...]`` at runtime and ``__required_keys__`` would
# come out wrong. Everything below is valid at runtime on Python 3.10.

from typing import Any

from typing_extensions import Required, TypedDict

__all__ = [
    "ActivityInstanceObject",
    "ApplicationCommandObject",
    "ApplicationCommandOptionChoiceObject",
    "ApplicationCommandOptionObject",
    "ApplicationObject",
    "AttachmentObject",
    "CommandPermissionObject",
    "EmbedObject",
    "EntitlementObject",
    "GuildCommandPermissionsObject",
    "InstallParamsObject",
    "IntegrationTypeConfigObject",
    "InteractionCallbackObject",
    "InteractionCallbackResourceObject",
    "InteractionCallbackResponseObject",
    "MessageInteractionMetadataObject",
    "MessageObject",
    "OAuth2TokenObject",
    "UserObject",
]

_Raw = dict[str, Any]


class UserObject(TypedDict, total=False):
    """A user, such as a message's ``author`` or an application's ``bot`` and ``owner``."""

    id: Required[str]
    username: Required[str]
    discriminator: Required[str]
    global_name: Required[str | None]
    avatar: Required[str | None]
    public_flags: Required[int]
    flags: Required[int]
    primary_guild: Required[_Raw | None]
    bot: bool
    system: bool
    banner: str | None
    accent_color: int | None
    avatar_decoration_data: _Raw | None
    collectibles: _Raw | None


class AttachmentObject(TypedDict, total=False):
    """A file attached to a message."""

    id: Required[str]
    filename: Required[str]
    size: Required[int]
    url: Required[str]
    proxy_url: Required[str]
    title: str | None
    description: str
    content_type: str
    width: int
    height: int
    ephemeral: bool
    duration_secs: float
    waveform: str
    flags: int


class EmbedObject(TypedDict, total=False):
    """An embed as Discord returns it (``type`` is ``"rich"`` for the ones bots send)."""

    type: str
    title: str
    description: str
    url: str
    timestamp: str
    color: int
    fields: list[_Raw]
    author: _Raw
    footer: _Raw
    image: _Raw
    thumbnail: _Raw
    video: _Raw
    provider: _Raw
    flags: int | None


class MessageInteractionMetadataObject(TypedDict, total=False):
    """Which interaction a message answers (``interaction_metadata``).

    ``type`` tells the variant apart: 2 (a command) may carry ``target_user`` or
    ``target_message_id``, 3 (a component) carries ``interacted_message_id``, and 5 (a
    modal) carries ``triggering_interaction_metadata``.
    """

    id: Required[str]
    type: Required[int]
    authorizing_integration_owners: Required[dict[str, str]]
    user: UserObject
    original_response_message_id: str
    target_user: UserObject
    target_message_id: str
    interacted_message_id: str
    triggering_interaction_metadata: "MessageInteractionMetadataObject"


class MessageObject(TypedDict, total=False):
    """A message: what follow-ups, ``@original`` fetches and edits return."""

    id: Required[str]
    channel_id: Required[str]
    type: Required[int]
    content: Required[str]
    author: Required[UserObject]
    embeds: Required[list[EmbedObject]]
    components: Required[list[_Raw]]
    attachments: Required[list[AttachmentObject]]
    flags: Required[int]
    timestamp: Required[str]
    edited_timestamp: Required[str | None]
    mentions: Required[list[UserObject]]
    mention_roles: Required[list[str]]
    mention_everyone: Required[bool]
    pinned: Required[bool]
    tts: Required[bool]
    webhook_id: str
    application_id: str
    interaction_metadata: MessageInteractionMetadataObject
    interaction: _Raw
    nonce: int | str
    position: int
    poll: _Raw
    resolved: _Raw
    stickers: list[_Raw]
    sticker_items: list[_Raw]
    reactions: list[_Raw]
    mention_channels: list[_Raw]
    message_reference: _Raw
    message_snapshots: list[_Raw]
    referenced_message: _Raw | None
    thread: _Raw
    application: _Raw
    activity: _Raw
    call: _Raw
    role_subscription_data: _Raw


class InstallParamsObject(TypedDict):
    """The scopes and permissions an install link asks for."""

    scopes: list[str]
    permissions: str


class IntegrationTypeConfigObject(TypedDict, total=False):
    """One entry of ``integration_types_config`` (keyed ``"0"`` guild, ``"1"`` user)."""

    oauth2_install_params: InstallParamsObject


class ApplicationObject(TypedDict, total=False):
    """The current application (``GET``/``PATCH /applications/@me``).

    ``verify_key`` is the public key interactions are signed with.
    """

    id: Required[str]
    name: Required[str]
    icon: Required[str | None]
    description: Required[str]
    type: Required[int | None]
    verify_key: Required[str]
    flags: Required[int]
    flags_new: Required[str]
    redirect_uris: Required[list[str]]
    interactions_endpoint_url: Required[str | None]
    role_connections_verification_url: Required[str | None]
    owner: Required[UserObject]
    team: Required[_Raw | None]
    approximate_guild_count: Required[int]
    approximate_user_install_count: Required[int]
    approximate_user_authorization_count: Required[int]
    explicit_content_filter: Required[int]
    eligible_oauth2_scopes: Required[list[str]]
    bot: UserObject
    bot_public: bool
    bot_require_code_grant: bool
    guild_id: str
    primary_sku_id: str
    slug: str
    cover_image: str
    rpc_origins: list[str]
    tags: list[str]
    terms_of_service_url: str
    privacy_policy_url: str
    custom_install_url: str
    install_params: InstallParamsObject
    integration_types_config: dict[str, IntegrationTypeConfigObject]
    max_participants: int | None
    event_webhooks_url: str | None
    event_webhooks_status: int
    event_webhooks_types: list[str]


class ApplicationCommandOptionChoiceObject(TypedDict, total=False):
    """A fixed choice of a string, integer or number option."""

    name: Required[str]
    value: Required[str | int | float]
    name_localized: str
    name_localizations: dict[str, str] | None


class ApplicationCommandOptionObject(TypedDict, total=False):
    """An option of a command, or a subcommand (group) with its own ``options``."""

    type: Required[int]
    name: Required[str]
    description: Required[str]
    name_localized: str
    name_localizations: dict[str, str] | None
    description_localized: str
    description_localizations: dict[str, str] | None
    required: bool
    autocomplete: bool
    choices: list[ApplicationCommandOptionChoiceObject]
    options: list["ApplicationCommandOptionObject"]
    channel_types: list[int]
    min_value: int | float
    max_value: int | float
    min_length: int
    max_length: int


class ApplicationCommandObject(TypedDict, total=False):
    """A registered command, global or (with ``guild_id``) a guild's.

    ``name_localizations`` and ``description_localizations`` come only when asked for
    (``with_localizations=True`` when listing).
    """

    id: Required[str]
    application_id: Required[str]
    version: Required[str]
    type: Required[int]
    name: Required[str]
    description: Required[str]
    default_member_permissions: Required[str | None]
    guild_id: str
    name_localized: str
    name_localizations: dict[str, str] | None
    description_localized: str
    description_localizations: dict[str, str] | None
    options: list[ApplicationCommandOptionObject]
    dm_permission: bool
    contexts: list[int] | None
    integration_types: list[int]
    nsfw: bool
    handler: int


class CommandPermissionObject(TypedDict):
    """One permission overwrite: a role (1), user (2) or channel (3) allowed or denied."""

    id: str
    type: int
    permission: bool


class GuildCommandPermissionsObject(TypedDict):
    """A command's permission overwrites in one guild.

    ``id`` is the command's id, or the application's id for overwrites that apply to
    every command of the application without one of its own.
    """

    id: str
    application_id: str
    guild_id: str
    permissions: list[CommandPermissionObject]


class EntitlementObject(TypedDict, total=False):
    """A user's or guild's access to a premium SKU.

    ``user_id`` or ``guild_id`` names who owns it; ``consumed`` is only meaningful for
    consumable one-time purchases.
    """

    id: Required[str]
    sku_id: Required[str]
    application_id: Required[str]
    type: Required[int]
    deleted: Required[bool]
    starts_at: Required[str | None]
    ends_at: Required[str | None]
    user_id: str | None
    guild_id: str | None
    consumed: bool
    fulfilled_at: str | None
    fulfillment_status: int | None
    gifter_user_id: str | None
    parent_id: str | None


class InteractionCallbackObject(TypedDict, total=False):
    """The interaction a callback answered, and the message it created, if any."""

    id: Required[str]
    type: Required[int]
    activity_instance_id: str | None
    response_message_id: str
    response_message_loading: bool
    response_message_ephemeral: bool
    channel_id: str
    guild_id: str


class ActivityInstanceObject(TypedDict):
    """The activity a ``LAUNCH_ACTIVITY`` callback started."""

    id: str


class InteractionCallbackResourceObject(TypedDict, total=False):
    """What a callback created: a message (types 4 and 7) or an activity instance (12)."""

    type: Required[int]
    message: MessageObject
    activity_instance: ActivityInstanceObject


class InteractionCallbackResponseObject(TypedDict, total=False):
    """The answer to a callback sent with ``with_response=True``."""

    interaction: Required[InteractionCallbackObject]
    resource: InteractionCallbackResourceObject


class OAuth2TokenObject(TypedDict):
    """The answer of ``POST /oauth2/token`` for the client-credentials grant."""

    access_token: str
    token_type: str
    expires_in: int
    scope: str
