using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AuditKit;

/// <summary>An owned entity type held in a collection of its owner (<c>OwnsMany</c>): the navigation, the owner and the keys.</summary>
internal sealed class OwnedItem
{
    private OwnedItem(IEntityType owner, INavigation navigation, IReadOnlyList<IProperty> ownerKey, IReadOnlyList<IProperty> itemKey)
    {
        Owner = owner;
        Navigation = navigation;
        OwnerKey = ownerKey;
        ItemKey = itemKey;
    }

    public IEntityType Owner { get; }

    public INavigation Navigation { get; }

    /// <summary>The item's foreign key to its owner (the owner's key values).</summary>
    public IReadOnlyList<IProperty> OwnerKey { get; }

    /// <summary>The rest of the item's key: what tells the owner's items apart.</summary>
    public IReadOnlyList<IProperty> ItemKey { get; }

    /// <summary>The owned-collection facts of <paramref name="type"/>, or null for an owned reference or a nested owner.</summary>
    public static OwnedItem? Of(IEntityType type) =>
        type.GetOrAddRuntimeAnnotationValue("AuditKit:OwnedItem", static t => new StrongBox<OwnedItem?>(Build(t!)), type).Value;

    private static OwnedItem? Build(IEntityType type)
    {
        var ownership = type.FindOwnership();
        if (ownership?.PrincipalToDependent is not { IsCollection: true } navigation || ownership.PrincipalEntityType.IsOwned())
        {
            return null;
        }

        var key = type.FindPrimaryKey()?.Properties ?? [];
        return new OwnedItem(ownership.PrincipalEntityType, navigation, ownership.Properties, [.. key.Where(p => !ownership.Properties.Contains(p))]);
    }
}
