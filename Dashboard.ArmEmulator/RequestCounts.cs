namespace Dashboard.ArmEmulator;

/// <summary>
/// A snapshot of the requests the emulator has served since the last reset. List counts pages of the
/// list calls, Read single GETs, Write PUT/POST/DELETE, OperationPolls GETs of operation status URLs.
/// </summary>
public sealed record RequestCounts(int Total, int List, int Read, int Write, int OperationPolls);
