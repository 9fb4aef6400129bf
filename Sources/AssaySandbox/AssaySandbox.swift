/// Isolated execution of untrusted Python and the tool-integrated reasoning driver.
public enum AssaySandbox {}
