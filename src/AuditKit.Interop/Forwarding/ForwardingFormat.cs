namespace AuditKit.Interop;

/// <summary>What a forwarded syslog message carries.</summary>
public enum ForwardingFormat
{
    /// <summary>One ArcSight CEF line (<see cref="CefMapping"/>).</summary>
    Cef = 0,

    /// <summary>One OCSF JSON object (<see cref="OcsfMapping"/>).</summary>
    Ocsf = 1,
}
