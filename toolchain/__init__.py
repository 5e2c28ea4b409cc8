"""ccpipeline's toolchain: preprocessor, compiler, assembler, linker, binutils and emulator.

Each stage is a function of its inputs; `toolchain.driver` chains them into a `Build`.
Nothing here knows about Jupyter.
"""
