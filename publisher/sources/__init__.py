"""Lens sources: compile ``lens_src/<lens>/`` folders to custom-lens JSON, and back."""

from publisher.sources.compiler import CompiledLens, compile_lens, is_lens_dir, never_not_applicable

__all__ = ["CompiledLens", "compile_lens", "is_lens_dir", "never_not_applicable"]
