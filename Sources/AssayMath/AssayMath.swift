/// Final-answer extraction and the math equivalence engine.
public enum AssayMath {}
