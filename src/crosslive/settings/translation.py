"""Machine translation settings: part of `Settings`, read from `CROSSLIVE_`-prefixed
environment variables like the rest (see docs/translation.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings


class TranslationSettings(BaseSettings):
    translation_provider: Literal[
        "none", "apertium", "libretranslate", "argos", "openai", "deepl"
    ] = Field(
        default="apertium",
        description="Who translates chat: apertium (offline, Debian's pair packages), "
        "libretranslate, argos (installed packs), openai (any OpenAI-compatible chat "
        "endpoint), deepl, or none. A pair the provider lacks shows the original, "
        "labelled 'translation unavailable'.",
    )
    translation_url: str = Field(
        default="",
        description="The provider's address: a LibreTranslate server (http://127.0.0.1:5000), "
        "an OpenAI-compatible base URL ending in /v1, or DeepL's "
        "(https://api-free.deepl.com or https://api.deepl.com).",
    )
    translation_api_key: SecretStr = Field(
        default=SecretStr(""), description="The provider's API key, where it needs one."
    )
    translation_model: str = Field(
        default="", description="The model name sent to an OpenAI-compatible endpoint."
    )
    translation_timeout_seconds: float = Field(
        default=3.0,
        gt=0,
        le=30,
        description="How long one translation may take before the original is shown instead.",
    )
    translation_glossary: str = Field(
        default="",
        description="Comma-separated brand and product names that are never translated.",
    )
    apertium_binary: str = Field(default="apertium", description="The apertium command.")
    answers_rephrase_url: str = Field(
        default="",
        description="An OpenAI-compatible base URL (ending in /v1) that may reword instant "
        "answers; empty: answers are sent as their templates write them.",
    )
    answers_rephrase_api_key: SecretStr = Field(
        default=SecretStr(""), description="The rephrasing endpoint's bearer token."
    )
    answers_rephrase_model: str = Field(
        default="", description="The model name sent to the rephrasing endpoint."
    )
    answers_rephrase_timeout_seconds: float = Field(
        default=1.5,
        gt=0,
        le=10,
        description="How long a rephrase may take before the template's answer is sent.",
    )

    @field_validator("translation_url", "answers_rephrase_url")
    @classmethod
    def _http_address(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("the address is an http:// or https:// address")
        return value.rstrip("/")
