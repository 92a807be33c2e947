package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.api.Test;

import org.alertcorrelator.model.Entity;

class EntityNormaliserTest {
    private static final JsonFactory JSON = new JsonFactory();
    private final EntityNormaliser normaliser = new EntityNormaliser(new Interner(1024));

    private List<String> keys(String entitiesJson) {
        return keys(entitiesJson, null);
    }

    private List<String> keys(String entitiesJson, String resourceId) {
        try (JsonParser p = JSON.createParser(entitiesJson.replace('\'', '"'))) {
            p.nextToken();
            return normaliser.normalise(LightJson.read(p), resourceId).stream().map(Entity::toString).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void hostWithAndWithoutDnsDomain() {
        assertEquals(List.of("host:msticalertswin1"), keys("[{'HostName':'MSTICALERTSWIN1','DnsDomain':'','NetBiosName':'MSTICALERTSWIN1','Type':'host'}]"));
        assertEquals(List.of("host:msticalertswin1"), keys("[{'HostName':'msticalertswin1','AzureID':'/subscriptions/x/vm','Type':'host'}]"));
        assertEquals(List.of("host:web01.contoso.com"), keys("[{'HostName':'WEB01','DnsDomain':'Contoso.com','Type':'host'}]"));
        assertEquals(List.of("host:web01.contoso.com"), keys("[{'HostName':'web01.contoso.com','DnsDomain':'contoso.com','Type':'host'}]"),
                "a host name that already carries its domain");
    }

    @Test
    void hostFallbacks() {
        assertEquals(List.of("host:web01.contoso.com"), keys("[{'FQDN':'WEB01.contoso.com','NetBiosName':'WEB01','Type':'host'}]"));
        assertEquals(List.of("host:web01"), keys("[{'NetBiosName':'WEB01','AzureID':'/x','Type':'host'}]"));
        assertEquals(List.of("host:/subscriptions/s/vm1"), keys("[{'AzureID':'/Subscriptions/S/VM1','Type':'host'}]"));
        assertEquals(List.of(), keys("[{'OSFamily':'Linux','Type':'host'}]"), "no usable key: skipped");
    }

    @Test
    void accountKeyPrecedence() {
        assertEquals(List.of("account:alice@contoso.com"),
                keys("[{'Name':'Alice','UPNSuffix':'Contoso.com','AadUserId':'A-B','Sid':'S-1-5-21-1','NTDomain':'CONTOSO','Type':'account'}]"));
        assertEquals(List.of("account:0c8d3a2e-aaaa-bbbb-cccc-000000000001"),
                keys("[{'Name':'Alice','AadUserId':'0C8D3A2E-AAAA-BBBB-CCCC-000000000001','Sid':'S-1-5-21-1','NTDomain':'CONTOSO','Type':'account'}]"));
        assertEquals(List.of("account:S-1-5-21-996632719-500"), keys("[{'Name':'MSTICAdmin','Sid':'s-1-5-21-996632719-500','NTDomain':'X','Type':'account'}]"));
        assertEquals(List.of("account:contoso\\alice"), keys("[{'Name':'Alice','NTDomain':'CONTOSO','Type':'account'}]"));
        assertEquals(List.of("account:administrator"), keys("[{'Name':'ADMINISTRATOR','NTDomain':'','Type':'account'}]"));
        assertEquals(List.of("account:bob@contoso.com"), keys("[{'Name':'Bob@Contoso.com','UPNSuffix':'contoso.com','Type':'account'}]"));
    }

    @Test
    void ipAddressesAreCanonicalAndNamesAreSkipped() {
        assertEquals(List.of("ip:2001:db8::1", "ip:10.1.2.3", "ip:192.168.1.1"),
                keys("[{'Address':'2001:0DB8:0:0:0:0:0:0001','Type':'ip'},{'Address':'::ffff:10.1.2.3','Type':'ip'},"
                        + "{'Address':'10.1.2.3','Type':'ip'},{'Address':'192.168.001.001','Type':'ip'},"
                        + "{'Address':'evil.example.com','Type':'ip'},{'Address':'','Type':'ip'}]"));
    }

    @Test
    void filesAndHashes() {
        assertEquals(List.of("file:c:\\windows\\system32\\cmd.exe", "file:/usr/bin/curl", "file:payload.bin", "filehash:md5:d41d8cd98f00b204e9800998ecf8427e"),
                keys("[{'Directory':'C:\\\\Windows\\\\System32','Name':'CMD.EXE','Type':'file'},"
                        + "{'Directory':'/usr/bin/','Name':'curl','Type':'file'},"
                        + "{'Name':'Payload.bin','Type':'file'},"
                        + "{'Algorithm':'MD5','Value':'D41D8CD98F00B204E9800998ECF8427E','Type':'filehash'}]"));
    }

    @Test
    void otherKnownTypes() {
        assertEquals(List.of(
                        "url:https://Evil.example/A?b=1",
                        "azure-resource:/subscriptions/s/resourcegroups/rg",
                        "mailbox:alice@contoso.com",
                        "mailbox:bob@contoso.com",
                        "cloud-application:11161",
                        "cloud-application:dropbox",
                        "dns:evil.example",
                        "malware:wannacry",
                        "registry-key:hkey_local_machine\\software\\run",
                        "registry-value:hkey_local_machine\\software\\run\\updater"),
                keys("[{'Url':' https://Evil.example/A?b=1 ','Type':'url'},"
                        + "{'ResourceId':'/subscriptions/S/resourceGroups/RG','Type':'azure-resource'},"
                        + "{'MailboxPrimaryAddress':'Alice@Contoso.com','Upn':'x@y','Type':'mailbox'},"
                        + "{'Upn':'Bob@Contoso.com','AadId':'1','Type':'mailbox'},"
                        + "{'AppId':11161,'Name':'Office','Type':'cloud-application'},"
                        + "{'Name':'Dropbox','Type':'CloudApplication'},"
                        + "{'DomainName':'EVIL.example','Type':'dns'},"
                        + "{'Name':'WannaCry','Type':'malware'},"
                        + "{'$id':'9','Hive':'HKEY_LOCAL_MACHINE','Key':'Software\\\\Run','Type':'registry-key'},"
                        + "{'Key':{'$ref':'9'},'Name':'Updater','Type':'registry-value'}]"));
    }

    @Test
    void processByCommandLineElseImageAndPid() {
        assertEquals(List.of("file:c:\\windows\\cmd.exe", "process:cmd.exe:0x165c", "process:net user x /add"),
                keys("[{'$id':'6','Directory':'c:\\\\windows','Name':'cmd.exe','Type':'file'},"
                        + "{'$id':'7','ProcessId':'0x165c','CommandLine':'','ImageFile':{'$ref':'6'},'Type':'process'},"
                        + "{'$id':'8','CommandLine':'NET user x /add','ImageFile':{'$ref':'6'},'Type':'process'}]"));
    }

    @Test
    void nestedEntitiesAndReferencesAreResolved() {
        // The image file is only written inside the process; the host only inside the account.
        assertEquals(List.of("account:contoso\\alice", "host:web01", "process:cmd.exe:42", "file:c:\\cmd.exe"),
                keys("[{'$id':'1','Name':'alice','NTDomain':'contoso','Host':{'$id':'2','HostName':'WEB01','Type':'host'},'Type':'account'},"
                        + "{'$id':'3','ProcessId':'42','Host':{'$ref':'2'},'Account':{'$ref':'1'},"
                        + "'ImageFile':{'$id':'4','Directory':'c:\\\\','Name':'cmd.exe','Type':'file'},'Type':'process'},"
                        + "{'$ref':'2'}]"));
    }

    @Test
    void unknownTypesAreKept() {
        assertEquals(List.of("iot-device:dev-42", "security-group:{\"distinguishedname\":\"CN=Admins\",\"sid\":\"S-1-5-32-544\"}",
                        "host-logon-session:{\"account\":\"account:alice\",\"host\":\"host:web01\",\"sessionid\":\"0x3e7\"}",
                        "host:web01", "account:alice"),
                keys("[{'Name':'dev-42','Type':'IoT-Device'},"
                        + "{'SID':'S-1-5-32-544','DistinguishedName':'CN=Admins','Type':'security-group'},"
                        + "{'SessionId':'0x3e7','Host':{'$id':'1','HostName':'WEB01','Type':'host'},'Account':{'$id':'2','Name':'alice','Type':'account'},'Type':'host-logon-session'}]"));
    }

    @Test
    void eachEntityOnceAndTheResourceIdAdded() {
        assertEquals(List.of("host:web01", "azure-resource:/subscriptions/s/vm/web01"),
                keys("[{'HostName':'web01','Type':'host'},{'HostName':'WEB01','DnsDomain':'','Type':'host'}]", "/subscriptions/S/vm/WEB01"));
    }

    @Test
    void oneEntityObjectInsteadOfAListAndJunk() {
        assertEquals(List.of("host:web01"), keys("{'HostName':'web01','Type':'host'}"));
        assertEquals(List.of(), keys("[1, 'x', null, {'HostName':'web01'}, {'Type':{'nested':1},'HostName':'a'}, {'$ref':'404'}]"));
    }

    @Test
    void entitiesAreShared() {
        Interner interner = new Interner(1024);
        EntityNormaliser n = new EntityNormaliser(interner);
        List<Entity> a = n.normalise(light("[{'HostName':'WEB01','Type':'host'}]"), null);
        List<Entity> b = n.normalise(light("[{'HostName':'web01','Type':'Host'}]"), null);
        assertSame(a.get(0), b.get(0));
        assertSame(a.get(0).key(), b.get(0).key());
    }

    private static LightJson light(String json) {
        try (JsonParser p = JSON.createParser(json.replace('\'', '"'))) {
            p.nextToken();
            return LightJson.read(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
