// Placeholder entry point; the emulator is built in issue 2.
return 0;
