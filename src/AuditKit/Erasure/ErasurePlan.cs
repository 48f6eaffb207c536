namespace AuditKit;

/// <summary>
/// Computes one event's erased copy: each sealed value in the request's scope becomes its commitment and is
/// removed; values stored without a seal are left (erasing them would break the chain) and reported.
/// </summary>
internal static class ErasurePlan
{
    private static readonly string[] ActorPaths =
    [
        PersonalSeals.ActorName, PersonalSeals.ActorEmail, PersonalSeals.ClientIpAddress, PersonalSeals.ClientLocation,
        PersonalSeals.ClientUserAgent, PersonalSeals.ClientDevice,
    ];

    public static (AuditEvent? Copy, int Erased, bool Plain) Apply(AuditEvent e, ErasureRequest request, string erasedBy, DateTimeOffset at)
    {
        var seals = e.Seals?.Clone() ?? new PersonalSeals();
        var erased = new List<string>();
        var plain = false;
        AuditActor? actor = e.Actor;
        AuditClient? client = e.Client;
        AuditTarget? target = e.Target;
        IReadOnlyList<FieldChange>? changes = null;

        string? Take(string path, string? value)
        {
            if (value is null)
            {
                return null;
            }

            if (!seals.TryGet(path, out var seal))
            {
                plain = true;
                return value;
            }

            if (!seal.IsCommitment)
            {
                seals.Set(path, new Seal(PersonalSeals.Commit(seal.Bytes, value), IsCommitment: true));
                erased.Add(path);
            }

            return null;
        }

        if (request.ActorId is not null)
        {
            if (actor is not null)
            {
                actor = actor with { Name = Take(ActorPaths[0], actor.Name), Email = Take(ActorPaths[1], actor.Email) };
            }

            if (client is not null)
            {
                client = client with
                {
                    IpAddress = Take(ActorPaths[2], client.IpAddress),
                    Location = Take(ActorPaths[3], client.Location),
                    UserAgent = Take(ActorPaths[4], client.UserAgent),
                    Device = Take(ActorPaths[5], client.Device),
                };
            }
        }
        else
        {
            if (target is not null)
            {
                target = target with { RecordName = Take(PersonalSeals.RecordName, target.RecordName) };
            }

            if (seals.SealsChanges)
            {
                var list = e.Changes.ToArray();
                for (var i = 0; i < list.Length; i++)
                {
                    var c = list[i];
                    list[i] = c with
                    {
                        OldValue = SealedOrKept(PersonalSeals.ChangePath(i, "old"), c.OldValue),
                        NewValue = SealedOrKept(PersonalSeals.ChangePath(i, "new"), c.NewValue),
                        OldDisplay = SealedOrKept(PersonalSeals.ChangePath(i, "oldDisplay"), c.OldDisplay),
                        NewDisplay = SealedOrKept(PersonalSeals.ChangePath(i, "newDisplay"), c.NewDisplay),
                    };
                }

                changes = list;
            }
        }

        if (erased.Count == 0)
        {
            return (null, 0, plain);
        }

        seals.AddErasure(new AuditErasureReceipt(at, erasedBy, request.Reason, erased));
        var copy = changes is null
            ? e with { Actor = actor, Client = client, Target = target }
            : e with { Actor = actor, Client = client, Target = target, Changes = changes };
        copy.CopyWrittenIdentityFrom(e);
        copy.SetSeals(seals);
        return (copy, erased.Count, plain);

        // Only sealed change values are personal; the others stay.
        string? SealedOrKept(string path, string? value) => seals.TryGet(path, out _) ? Take(path, value) : value;
    }
}
